/** Saved field lists per tenant (src/db), for the Export screen's preset picker. */
import { db } from '../../db/db';
import {
  deleteFieldPreset,
  listFieldPresets,
  loadFieldPreset,
  saveFieldPreset,
} from '../../db/field-presets';
import type { ExportField } from '../../core/export/field-spec';

export class FieldPresets {
  #names = $state<string[]>([]);
  #message = $state<string | null>(null);

  get names(): readonly string[] {
    return this.#names;
  }
  get message(): string | null {
    return this.#message;
  }

  async refresh(tenant: string): Promise<void> {
    try {
      this.#names = (await listFieldPresets(db, tenant)).map((p) => p.name);
    } catch (error) {
      this.#message = `Saved field lists are unavailable: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  async save(tenant: string, name: string, fields: ExportField[]): Promise<void> {
    try {
      await saveFieldPreset(db, { tenant, name, fields });
      this.#message = `Saved the field list "${name.trim()}" for ${tenant}.`;
      await this.refresh(tenant);
    } catch (error) {
      this.#message = error instanceof Error ? error.message : String(error);
    }
  }

  async load(tenant: string, name: string): Promise<ExportField[] | null> {
    const preset = await loadFieldPreset(db, tenant, name);
    this.#message = preset ? `Loaded "${name}".` : `"${name}" is no longer saved.`;
    return preset?.fields ?? null;
  }

  async remove(tenant: string, name: string): Promise<void> {
    await deleteFieldPreset(db, tenant, name);
    this.#message = `Deleted "${name}".`;
    await this.refresh(tenant);
  }
}
