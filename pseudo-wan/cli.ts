#!/usr/bin/env node
/**
 * The `pseudo-wan` command: install, start, stop, status, exec (and topology). This file
 * only parses arguments; each command lives in commands/. It is also the one place an error
 * becomes output and an exit code.
 */
import { Command, Option } from 'commander';
import { CliError } from './errors.js';
import { execCommand } from './commands/exec.js';
import { installCommand } from './commands/install.js';
import { startCommand, type StartCommandOptions } from './commands/start.js';
import { statusCommand } from './commands/status.js';
import { stopCommand } from './commands/stop.js';
import { topologyCommand } from './commands/topology.js';
import { CommandError } from './system/index.js';
import { DEFAULT_PREFIX } from './topology/model.js';

const program = new Command();
program
  .name('pseudo-wan')
  .description('An emulated MPLS-VPN WAN on one Linux machine: PE routers on Open vSwitch, tenant hosts in namespaces or containers.')
  .addOption(
    new Option('--prefix <name>', 'names this WAN (namespaces <name>-a, <name>-b; state /run/pseudo-wan/<name>); tests use their own')
      .env('PSEUDO_WAN_PREFIX')
      .default(DEFAULT_PREFIX)
      .argParser((v) => {
        if (!/^[a-z][a-z0-9]{0,7}$/.test(v)) throw new CliError(`--prefix must be 1–8 lower-case letters/digits starting with a letter, got ${v}`, 'usage');
        return v;
      }),
  )
  .enablePositionalOptions()
  .showHelpAfterError();

const prefix = (): string => program.opts<{ prefix: string }>().prefix;

program
  .command('install')
  .description('install missing system packages (apt) and check the kernel: namespaces, veth, tun')
  .option('--docker', 'also install what the docker runtime needs (docker.io, busybox-static)')
  .action((options: { docker?: boolean }) => installCommand(options));

program
  .command('start')
  .description('build and start the WAN; returns once BGP is up, routes are in and a ping crosses the WAN')
  .option('--config <file>', 'OpenFlow.ini for site A (default: the one shipped in pseudo-wan/)')
  .option('--topology <file>', 'a JSON topology (see `pseudo-wan topology`) instead of the default WAN')
  .addOption(new Option('--runtime <runtime>', 'where hosts live').choices(['netns', 'docker']).default('netns'))
  .addOption(new Option('--peer <peer>', 'site: build site B as the peer; external: a real PE on --uplink').choices(['site', 'external']).default('site'))
  .option('--uplink <iface>', 'with --peer external: the machine\'s interface toward the peer, moved into site A as port 1')
  .addOption(new Option('--rest-port <port>', 'REST port of site A on 127.0.0.1 (site B: the next one)').env('PSEUDO_WAN_REST_PORT').default('8080'))
  .option('--timeout <seconds>', 'how long each readiness wait may take', '120')
  .option('--host-concurrency <n>', 'hosts built at once per site', '8')
  .option('--keep-on-failure', 'leave a failed start in place for inspection (`stop` removes it)')
  .option('--log-level <level>', 'log level of the site processes', 'info')
  .action((options: StartCommandOptions) => startCommand(prefix(), options));

program
  .command('stop')
  .description('remove everything the WAN is made of (also after a crash or a half-finished start)')
  .action(() => stopCommand(prefix()));

program
  .command('status')
  .description('sites, REST URLs, BGP state, hosts and addresses')
  .option('--json', 'machine-readable output')
  .action((options: { json?: boolean }) => statusCommand(prefix(), options));

program
  .command('exec')
  .description('run a command inside a host, or a site (a, b; OVS tools reach its switch), e.g. pseudo-wan exec host_001_101 ping 50.1.0.2')
  .argument('<host>', 'host name as in `pseudo-wan status`, or a site id')
  .argument('<command...>', 'the command and its arguments')
  .passThroughOptions()
  .action(async (host: string, command: string[]) => {
    process.exitCode = await execCommand(prefix(), host, command);
  });

program
  .command('topology')
  .description('print a topology as JSON (the default WAN, or a scaled one) for `start --topology FILE`')
  .option('--hosts-per-site <n>', 'a two-site WAN with n hosts per site, host k of both sites in VPN k')
  .option('--lans <n>', 'LAN interfaces per host in the scaled WAN (default 10)')
  .addOption(new Option('--rest-port <port>', 'REST port of site A').env('PSEUDO_WAN_REST_PORT').default('8080'))
  .action((options: { hostsPerSite?: string; lans?: string; restPort: string }) => topologyCommand(options));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CliError) {
    process.stderr.write(`pseudo-wan: ${err.message}\n`);
    if (err.hint) process.stderr.write(`  → ${err.hint}\n`);
    process.exitCode = err.exitCode;
  } else if (err instanceof CommandError) {
    process.stderr.write(`pseudo-wan: ${err.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`pseudo-wan: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
}
process.exit(process.exitCode ?? 0);
