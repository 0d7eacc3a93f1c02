/** Saved export column lists, per tenant and name. */
import type { FerryDb } from './ferry-db';
import type { FieldPreset } from './records';
import { redactSecrets } from './redact-secrets';

/** Saves (or replaces) the preset `name` of `tenant`. Throws when the name is blank or a column is incomplete. */
export async function saveFieldPreset(
  db: FerryDb,
  preset: Omit<FieldPreset, 'updatedAt'>,
  now = Date.now(),
): Promise<void> {
  const name = preset.name.trim();
  if (name === '') throw new Error('A preset needs a name.');
  preset.fields.forEach((field, i) => {
    if (field.source.trim() === '' || field.column.trim() === '') {
      throw new Error(`Column ${i + 1} of preset "${name}" needs both a source and a column name.`);
    }
  });
  await db.fieldPresets.put(
    redactSecrets({ tenant: preset.tenant, name, fields: preset.fields, updatedAt: now }),
  );
}

/** The tenant's presets, by name. */
export async function listFieldPresets(db: FerryDb, tenant: string): Promise<FieldPreset[]> {
  return db.fieldPresets.where('tenant').equals(tenant).sortBy('name');
}

export async function loadFieldPreset(
  db: FerryDb,
  tenant: string,
  name: string,
): Promise<FieldPreset | undefined> {
  return db.fieldPresets.get([tenant, name]);
}

export async function deleteFieldPreset(db: FerryDb, tenant: string, name: string): Promise<void> {
  await db.fieldPresets.delete([tenant, name]);
}
