/** The Import screen's one error line and its screen-reader announcements, shared by its parts. */
export class ImportNotices {
  #error = $state<string | null>(null);
  #announcement = $state('');

  get error(): string | null {
    return this.#error;
  }
  get announcement(): string {
    return this.#announcement;
  }

  /** Shows `text` as the screen's error (null clears it). */
  setError(text: string | null): void {
    this.#error = text;
  }

  announce(text: string): void {
    this.#announcement = text;
  }
}
