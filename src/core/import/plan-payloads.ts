/**
 * Plans an import's parts and cuts each part's payload in the same pass: records stream through core's planChunks,
 * and a part's payload Blob is made the moment the part is full. Only the open part's records are held as strings,
 * so memory is bounded by one part, not by the file.
 */
import { jsonArrayPartText } from '../formats/json-array-part';
import { planChunks, type ImportPlan, type PlanInput } from './plan-chunks';

/** One part's payload, exactly as planned and sent, and where each of its records sits in it. */
export interface PartPayload {
  chunkIndex: number;
  file: string;
  /** The part's JSON array, laid out as formats/json-array-part.ts says. */
  payload: Blob;
  /** Per record, in payload order: its index in the file and its line (null when unknown). */
  indices: number[];
  lines: (number | null)[];
}

export interface PlanWithPayloads {
  plan: ImportPlan;
  payloads: PartPayload[];
}

/** The parts of `records` (every record of every file, in file order) with their payloads. */
export async function planWithPayloads(
  records: Iterable<PlanInput> | AsyncIterable<PlanInput>,
  chunkBytes: number,
  fileBytes: Readonly<Record<string, number>> = {},
): Promise<PlanWithPayloads> {
  const payloads: PartPayload[] = [];
  let jsons: string[] = [];
  let open = emptyPart(0, '');
  const plan = await planChunks(records, chunkBytes, fileBytes, {
    placed(input, json, chunkIndex) {
      if (jsons.length === 0) open = emptyPart(chunkIndex, input.file);
      jsons.push(json);
      open.indices.push(input.index);
      open.lines.push(input.line);
    },
    closed() {
      // Every part holds at least one record, so `open` is this part.
      open.payload = new Blob([jsonArrayPartText(jsons)], { type: 'application/json' });
      payloads.push(open);
      jsons = [];
    },
  });
  return { plan, payloads };
}

const emptyPart = (chunkIndex: number, file: string): PartPayload => ({
  chunkIndex,
  file,
  payload: new Blob([]),
  indices: [],
  lines: [],
});
