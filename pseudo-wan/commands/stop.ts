/** `pseudo-wan stop`: removes everything the state file lists; exits 0 only when nothing is left. */
import { CliError } from '../errors.js';
import { StateFile } from '../state/state-file.js';
import { checkRoot } from '../wan/preflight.js';
import { teardown } from '../wan/teardown.js';

/** Runs `stop`. */
export async function stopCommand(prefix: string): Promise<void> {
  checkRoot('stop');
  const t0 = Date.now();
  const state = await StateFile.load(prefix);
  if (!state) {
    process.stdout.write(`no WAN is up (prefix ${prefix}); nothing to stop\n`);
    return;
  }
  const report = await teardown(state.state, (line) => process.stdout.write(`  ${line}\n`));
  if (report.leftovers.length) {
    throw new CliError(`could not remove: ${report.leftovers.join(', ')}`, 'failed', 'run `pseudo-wan stop` again; the state file was kept');
  }
  await state.remove();
  process.stdout.write(`stopped in ${((Date.now() - t0) / 1000).toFixed(1)} s; nothing left\n`);
}
