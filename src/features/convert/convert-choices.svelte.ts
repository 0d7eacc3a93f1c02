/**
 * What the Convert & check screen will run on: the chosen files and the options (output, split size, fixes, helper
 * threads).
 * Read-only getters and named setters; the run itself lives in convert.svelte.ts.
 */
import type { WorkbenchInput, WorkbenchOptions } from '../../core/workbench/contract';
import { defaultWorkbenchOptions, type OutputFormat } from '../../core/workbench/contract';
import { checkSplitSize, type SplitSizeCheck } from './convert-options';

export class ConvertChoices {
  #inputs = $state.raw<WorkbenchInput[]>([]);
  #target = $state<OutputFormat>(defaultWorkbenchOptions.target);
  #splitText = $state(String(defaultWorkbenchOptions.splitBytes));
  #fix = $state(defaultWorkbenchOptions.fix);
  #workers = $state<number | 'auto'>('auto');

  get inputs(): readonly WorkbenchInput[] {
    return this.#inputs;
  }
  get target(): OutputFormat {
    return this.#target;
  }
  get splitText(): string {
    return this.#splitText;
  }
  get splitCheck(): SplitSizeCheck {
    return checkSplitSize(this.#splitText);
  }
  get fix(): boolean {
    return this.#fix;
  }
  /** Helper threads for big JSON and NDJSON files: 'auto' or a number (0 = this thread only). Results are the same. */
  get workers(): number | 'auto' {
    return this.#workers;
  }
  /** The options to run with, or null while the split size is not valid. */
  get options(): WorkbenchOptions | null {
    const split = this.splitCheck;
    if (!split.ok) return null;
    return { target: this.#target, splitBytes: split.bytes, fix: this.#fix, workers: this.#workers };
  }

  setTarget(target: OutputFormat): void {
    this.#target = target;
  }
  setSplitText(text: string): void {
    this.#splitText = text;
  }
  setFix(fix: boolean): void {
    this.#fix = fix;
  }
  setWorkers(workers: number | 'auto'): void {
    this.#workers = workers;
  }
  /** The files to run on, replacing any chosen before. */
  setInputs(inputs: WorkbenchInput[]): void {
    this.#inputs = inputs;
  }
}
