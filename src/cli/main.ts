/**
 * saavu's command line: parses arguments with commander and calls one library function per command.
 * Command modules are imported lazily so `saavu --help` starts without loading SQLite or proj4.
 */
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_LANG, LANGUAGES, type Lang } from '../report/i18n.js';
import { EXIT, reportError } from './exit-codes.js';

const program = new Command();
program
  .name('saavu')
  .description('Plan the health and social-care service network of a Finnish wellbeing services county on open data.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

/** --lang for commands that print for people; default from $SAAVU_LANG, else Finnish. */
const langOption = () =>
  new Option('--lang <lang>', 'language of the output: fi, sv or en').choices(LANGUAGES).default(process.env.SAAVU_LANG && (LANGUAGES as readonly string[]).includes(process.env.SAAVU_LANG) ? process.env.SAAVU_LANG : DEFAULT_LANG);

program
  .command('init')
  .description('import a region folder (data/keusote, data/tampere) into a project GeoPackage')
  .argument('<project>', 'project file to write, e.g. keusote.gpkg')
  .requiredOption('--region <dir>', 'region folder with region.json')
  .option('--force', 'replace the project file if it exists')
  .option('--json', 'print a machine-readable summary')
  .addOption(langOption())
  .action(async (project: string, opts: { region: string; force?: boolean; json?: boolean; lang: Lang }) => {
    const { runInit } = await import('./commands/init.js');
    runInit(project, opts);
  });

program
  .command('info')
  .description('municipalities, residents by age band, population sources side by side, service points, warnings')
  .argument('<project>', 'project file written by `saavu init`')
  .option('--json', 'print stable JSON (documented in docs/CLI.md)')
  .addOption(langOption())
  .action(async (project: string, opts: { json?: boolean; lang: Lang }) => {
    const { runInfo } = await import('./commands/info.js');
    runInfo(project, opts);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? EXIT.ok : EXIT.usage);
  process.exit(reportError(e));
}
