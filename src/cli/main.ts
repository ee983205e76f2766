/**
 * saavu's command line: parses arguments with commander and calls one library function per command.
 * Command modules are imported lazily so `saavu --help` starts without loading SQLite or proj4.
 */
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_LANG, LANGUAGES, type Lang } from '../report/i18n.js';
import { EXIT, reportError } from './exit-codes.js';
import { UsageError } from '../core/errors.js';

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
  .option('--osm <file.pbf>', 'car network from this OpenStreetMap extract instead of the region\'s own')
  .option('--modes <list>', 'modes whose network and demand × sites matrix are built now: car,walk,bike (default car)')
  .option('--json', 'print a machine-readable summary')
  .addOption(langOption())
  .action(async (project: string, opts: { region: string; force?: boolean; json?: boolean; lang: Lang; osm?: string; modes?: string }) => {
    const { runInit } = await import('./commands/init.js');
    await runInit(project, opts);
  });

program
  .command('info')
  .description('municipalities, residents by age band, population sources side by side, service points, warnings')
  .argument('<project>', 'project file written by `saavu init`')
  .option('--json', 'print stable JSON (documented in docs/CLI.md)')
  .addOption(langOption())
  .action(async (project: string, opts: { json?: boolean; lang: Lang }) => {
    const { runInfo } = await import('./commands/info.js');
    await runInfo(project, opts);
  });

const network = program.command('network').description('road networks: build a routable graph per travel mode');
network
  .command('build')
  .description('build the graph of a mode from an OpenStreetMap PBF or a Traficom EMME export and save it')
  .option('--osm <file.pbf>', 'OpenStreetMap extract')
  .option('--emme <dir>', 'EMME export folder (car only), e.g. data/uusimaa_roads')
  .option('--mode <mode>', 'car, walk or bike', 'car')
  .requiredOption('--out <file>', 'network file to write, e.g. tampere-car.graph')
  .option('--json', 'print the build report as JSON')
  .addOption(langOption())
  .action(async (opts: { osm?: string; emme?: string; mode?: string; out: string; json?: boolean; lang: Lang }) => {
    const { runNetworkBuild } = await import('./commands/network.js');
    runNetworkBuild(opts);
  });

program
  .command('matrix')
  .description('door-to-door travel times between two point lists on a network file')
  .requiredOption('--network <file>', 'network file written by `saavu network build`')
  .requiredOption('--from <file.csv>', 'origins: id,lon,lat (or id,x,y with --crs 3067)')
  .requiredOption('--to <file.csv>', 'destinations: id,lon,lat (or id,x,y with --crs 3067)')
  .requiredOption('--out <file.csv>', 'output: from_id,to_id,minutes,metres,access_minutes,access_metres')
  .option('--metric <metric>', 'minutes (fastest route) or metres (shortest route)', 'minutes')
  .option('--crs <crs>', '4326 (lon/lat, default) or 3067 (ETRS-TM35FIN metres)')
  .option('--max-minutes <n>', 'leave pairs farther than this empty')
  .option('--threads <n>', 'worker threads (default: all cores)')
  .option('--json', 'print a JSON summary')
  .action(async (opts: { network: string; from: string; to: string; out: string; metric?: string; crs?: string; maxMinutes?: string; threads?: string; json?: boolean }) => {
    const { runMatrix } = await import('./commands/matrix.js');
    await runMatrix(opts);
  });

program
  .command('isochrone')
  .description('areas reachable within given minutes from a point, as GeoJSON polygons (WGS84)')
  .requiredOption('--network <file>', 'network file written by `saavu network build`')
  .requiredOption('--at <lon,lat>', 'start point (x,y with --crs 3067)')
  .option('--minutes <list>', 'thresholds in minutes', '10,20,30,45')
  .option('--crs <crs>', '4326 (lon/lat, default) or 3067')
  .requiredOption('--out <file.geojson>', 'GeoJSON to write')
  .option('--json', 'print a JSON summary')
  .action(async (opts: { network: string; at: string; minutes?: string; crs?: string; out: string; json?: boolean }) => {
    const { runIsochrone } = await import('./commands/isochrone.js');
    runIsochrone(opts);
  });

program
  .command('access')
  .description('accessibility indicators per municipality or postal area: residents within 10/20/30/45 min, mean/median/p90 minutes, equity, E2SFCA')
  .argument('<project>', 'project file')
  .option('--scenario <file|name|base>', 'evaluate a scenario instead of today\'s network')
  .option('--mode <mode>', 'car, walk or bike (what the project has)', 'car')
  .option('--kinds <list>', 'site kinds that count (default sote-keskus,sote-yksikko)')
  .option('--age <group>', 'all, 0-14, 15-64, 65-74 or 75+', 'all')
  .option('--by <unit>', 'municipality or postal-area', 'municipality')
  .option('--json', 'print every indicator as JSON (all units, age groups, cells)')
  .option('--gpkg', 'add result layers (cells, municipalities with rule verdicts) to the project file for QGIS')
  .option('--html <file>', 'write a self-contained HTML report with a map and charts')
  .addOption(langOption())
  .action(async (project: string, opts: { scenario?: string; mode?: string; kinds?: string; age?: string; by?: string; json?: boolean; gpkg?: boolean; html?: string; lang: Lang }) => {
    const { runAccess } = await import('./commands/plan.js');
    await runAccess(project, opts);
  });

program
  .command('rules')
  .description('check the service network against its rules (default: the county\'s 30-minute lähipalvelu rules)')
  .argument('<project>', 'project file')
  .option('--rules <file.json>', 'rule file (schema: docs/schemas/rules.schema.json)')
  .option('--scenario <file|name|base>', 'judge a scenario instead of today\'s network')
  .option('--mode <mode>', 'judge every rule on this mode')
  .option('--json', 'print the verdicts as JSON')
  .addOption(langOption())
  .action(async (project: string, opts: { rules?: string; scenario?: string; mode?: string; json?: boolean; lang: Lang }) => {
    const { runRules } = await import('./commands/plan.js');
    await runRules(project, opts);
  });

program
  .command('compare')
  .description('two networks side by side: residents within 30 min, mean and p90 minutes, rule verdicts that flip, cost, who loses most')
  .argument('<project>', 'project file')
  .argument('<base>', '"base" (today\'s network), a scenario file or a stored scenario')
  .argument('<scenario>', 'a scenario file or a stored scenario')
  .option('--mode <mode>', 'car, walk or bike', 'car')
  .option('--rules <file.json>', 'rule file (default: the county\'s rules)')
  .option('--json', 'print the comparison as JSON')
  .addOption(langOption())
  .action(async (project: string, base: string, scenario: string, opts: { mode?: string; rules?: string; json?: boolean; lang: Lang }) => {
    const { runCompare } = await import('./commands/plan.js');
    await runCompare(project, base, scenario, opts);
  });

program
  .command('optimize')
  .description('the service points an optimiser would choose (p-median, MCLP, LSCP, p-center), with objective, bound and gap; or solve an OR-Library file')
  .argument('<project-or-file>', 'project file, or with --format orlib a pmed benchmark file')
  .option('--format <format>', 'orlib: solve an OR-Library p-median file instead of a project')
  .option('--model <model>', 'p-median, mclp, lscp or p-center', 'p-median')
  .option('--p <n>', 'points to open (counting --keep)')
  .option('--cover <minutes>', 'cover radius for mclp and lscp')
  .option('--cover-share <share>', 'lscp: share of residents that must be covered, (0, 1] (default 1)')
  .option('--mode <mode>', 'car, walk or bike', 'car')
  .option('--kinds <list>', 'candidate site kinds', 'sote-keskus,sote-yksikko')
  .option('--keep <ids>', 'sites that must stay open')
  .option('--forbid <ids>', 'sites that may not be chosen')
  .option('--budget <euros>', 'upper bound on the chosen sites\' annual cost')
  .option('--age <group>', 'weight demand by an age group: all, 0-14, 15-64, 65-74, 75+', 'all')
  .option('--time-limit <seconds>', 'stop with the best answer found', '30')
  .option('--solver <solver>', 'auto, heuristic or exact', 'auto')
  .option('--out <scenario.json>', 'write the answer as a scenario file')
  .option('--save', 'store the answer as a scenario in the project')
  .option('--json', 'print JSON (objective, bound, gap, selected, seconds, …)')
  .addOption(langOption())
  .action(async (target: string, opts: Record<string, string | boolean | undefined> & { lang: Lang }) => {
    if (opts.format !== undefined) {
      if (opts.format !== 'orlib') throw new UsageError(`--format ${String(opts.format)}: only orlib is supported`);
      const { runOptimizeOrlib } = await import('./commands/optimize-orlib.js');
      const p = opts.p === undefined ? undefined : Number(opts.p);
      await runOptimizeOrlib(target, { model: opts.model as string, p, timeLimit: Number(opts.timeLimit), json: Boolean(opts.json), solver: opts.solver as string });
      return;
    }
    const { runOptimize } = await import('./commands/optimize.js');
    await runOptimize(target, opts as never);
  });

const scenario = program.command('scenario').description('scenarios stored in the project: add, list, show, delete');
scenario
  .command('add')
  .description('validate a scenario file against the project and store it')
  .argument('<project>', 'project file')
  .argument('<file>', 'scenario JSON (schema: docs/schemas/scenario.schema.json)')
  .option('--replace', 'update a stored scenario of the same name')
  .option('--author <name>', 'who made it')
  .option('--json', 'print the stored record as JSON')
  .addOption(langOption())
  .action(async (project: string, file: string, opts: { replace?: boolean; author?: string; json?: boolean; lang: Lang }) => {
    const { runScenarioAdd } = await import('./commands/plan.js');
    runScenarioAdd(project, file, opts);
  });
scenario
  .command('list')
  .argument('<project>', 'project file')
  .option('--json', 'print as JSON')
  .addOption(langOption())
  .action(async (project: string, opts: { json?: boolean; lang: Lang }) => {
    const { runScenarioList } = await import('./commands/plan.js');
    runScenarioList(project, opts);
  });
scenario
  .command('show')
  .argument('<project>', 'project file')
  .argument('<name>', 'stored scenario name')
  .action(async (project: string, name: string) => {
    const { runScenarioShow } = await import('./commands/plan.js');
    runScenarioShow(project, name);
  });
scenario
  .command('delete')
  .argument('<project>', 'project file')
  .argument('<name>', 'stored scenario name')
  .addOption(langOption())
  .action(async (project: string, name: string, opts: { lang: Lang }) => {
    const { runScenarioDelete } = await import('./commands/plan.js');
    runScenarioDelete(project, name, opts);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? EXIT.ok : EXIT.usage);
  process.exit(reportError(e));
}
