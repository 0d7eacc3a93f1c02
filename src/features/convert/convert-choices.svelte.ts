/**
 * What the Convert & check screen will run on: the chosen files and the options (output, split size, fixes).
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
  /** The options to run with, or null while the split size is not valid. */
  get options(): WorkbenchOptions | null {
    const split = this.splitCheck;
    return split.ok ? { target: this.#target, splitBytes: split.bytes, fix: this.#fix } : null;
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
  /** The files to run on, replacing any chosen before. */
  setInputs(inputs: WorkbenchInput[]): void {
    this.#inputs = inputs;
  }
}
