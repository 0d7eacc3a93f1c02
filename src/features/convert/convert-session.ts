/** The Convert screen's one state object, wired to the workbench worker and the bundled sample file. */
import { ConvertState } from './convert.svelte';
import { connectWorkbench } from './workbench-bridge';

async function fetchSample(): Promise<Blob> {
  // Relative, so the page works from any sub-path of a static host.
  const response = await fetch('./sample-users.json');
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.blob();
}

export const convert = new ConvertState(connectWorkbench, fetchSample);
