/** Where the compiled programs the CLI starts live (beside the CLI in dist/). */
import { fileURLToPath } from 'node:url';

/** Absolute path of a file under dist/ (this module is dist/pseudo-wan/paths.js once built). */
export function distPath(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}

/** The site process (contract G). */
export const CONTROLLER_MAIN = (): string => distPath('controller/main.js');

/** The REST publisher. */
export const PUBLISHER_MAIN = (): string => distPath('pseudo-wan/publish.js');
