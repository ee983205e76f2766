/**
 * User-facing texts in Finnish (the default), Swedish and English. Code, logs and JSON keys stay in
 * English; everything a planner or resident reads goes through `t()`. Placeholders are `{name}`.
 */

export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'fi';

type Messages = Record<string, string>;

const fi: Messages = {
  'access.title': 'Saavutettavuus {mode}: lähin toiminnassa oleva {kinds} ({network}){scenario}',
  'access.age': 'Ikäryhmä: {age}. Asukkaat, jotka pääsevät lähimpään palvelupisteeseen annetussa ajassa (vapaa valinta yli kuntarajojen); keskiarvo, mediaani ja 90. persentiili minuutteina.',
  'access.homeNote': 'Sarake "oma kunta 30 min" rajaa valinnan asukkaan omaan kuntaan: ero vapaaseen valintaan on kuntarajat ylittävän valinnan arvo.',
  'access.equity': 'Tasa-arvo: huonoimmin palveltu 10 % asukkaista ({pop} as.) on yli {threshold} min päässä (keskimäärin {mean} min); 75 vuotta täyttäneistä {pop75} as. yli {threshold75} min. Matka-ajan Gini-kerroin {gini} (75+: {gini75}).',
  'access.e2sfcaUnknown': 'E2SFCA-saavutettavuutta ei laskettu: kapasiteetti puuttuu {n} palvelupisteeltä ({ids}). Lisää kapasiteetit (vastaanottoaikoja viikossa) skenaariolla (op "set").',
  'access.e2sfca': 'E2SFCA ({method}): vastaanottoaikoja viikossa 1 000 asukasta kohden, väestöpainotettu keskiarvo {value}.',
  'col.residents': 'asukkaat', 'col.within': '≤{m} min', 'col.mean': 'ka min', 'col.median': 'md min', 'col.p90': 'p90 min', 'col.home30': 'oma kunta 30 min', 'col.sitesWithin': 'pisteitä ≤30 min',
  'col.rule': 'sääntö', 'col.verdict': 'tulos', 'col.share': 'osuus', 'col.threshold': 'vaatimus', 'col.failing': 'ei ehdi',
  'verdict.pass': 'täyttyy', 'verdict.fail': 'EI TÄYTY',
  'rules.title': 'Palveluverkon säännöt {mode}{scenario}:',
  'rules.explainPass': '{mun}: {share} asukkaista ({reached} / {pop}) pääsee {minutes} minuutissa palvelupisteeseen (vaatimus {threshold}). Palvelevat: {served}.',
  'rules.explainFail': '{mun}: vain {share} asukkaista ({reached} / {pop}) pääsee {minutes} minuutissa palvelupisteeseen (vaatimus {threshold}); {failing} asukasta {cells} ruudussa jää ulkopuolelle, eniten ruuduissa {worst}. Ajan sisällä palvelevat: {served}.',
  'rules.outside': 'toisessa kunnassa',
  'rules.none': 'ei yhtään palvelupistettä ajan sisällä',
  'compare.title': 'Vertailu {mode}: {base} → {scenario}',
  'compare.within': 'Asukkaat 30 minuutin sisällä (muutos), keskimääräinen ja p90-matka-aika (muutos minuutteina):',
  'compare.flips': 'Sääntöjen tulokset, jotka muuttuvat:',
  'compare.noFlips': 'Yksikään säännön tulos ei muutu.',
  'compare.cost': 'Vuosikustannukset: säästö {saved} € / vuosi (suljetut: {closed}; avatut: {opened}).',
  'compare.costUnknown': 'Vuosikustannukset: säästöä ei voi laskea, koska kustannus puuttuu: {ids} (suljetut: {closed}; avatut: {opened}).',
  'compare.losers': 'Ruudut, joiden matka-aika pitenee eniten:',
  'compare.noLosers': 'Yhdenkään ruudun matka-aika ei pitene.',
  'col.before': 'ennen', 'col.after': 'jälkeen', 'col.change': 'muutos', 'col.cell': 'ruutu', 'col.pop75': '75+', 'col.age': 'ikä',
  'scenario.saved': 'Tallennettu skenaario "{name}" ({edits} muutosta) projektiin {file}.',
  'scenario.deleted': 'Poistettu skenaario "{name}".',
  'scenario.none': 'Projektissa ei ole tallennettuja skenaarioita.',
  'base': 'nykyverkko',
  'travel.summaryCached': 'Matka-ajat {mode}: verkko {profile} ({nodes} solmua), {origins} väestöruutua × {destinations} palvelupistettä, tallennettu projektiin ({engine}).',
  'mode.car': 'autolla', 'mode.walk': 'kävellen', 'mode.bike': 'pyörällä',
  'travel.summary': 'Matka-ajat {mode}: verkko {profile} ({nodes} solmua), {origins} väestöruutua × {destinations} palvelupistettä, laskettu {ms} ms ({engine}).',
  'travel.access': 'Liityntämatka ruudusta verkkoon: linnuntie × {detour} nopeudella {kmh} km/h; mediaani {median} min, enintään {max} min; {far} ruutua yli 1 km päässä verkosta.',
  'travel.excluded': '{n} paikkaa yli {km} km päässä verkosta jätettiin reitittämättä: {ids}.',
  'info.ages': 'Asukkaat ikäryhmittäin (Tilastokeskus, Paavo {year}; ikäryhmä 13–15 jaettu 0–14/15–64 suhteessa ikävuosiin):',
  'info.agree': 'Kuinka väestölähteet täsmäävät (ero Paavon ikätaulukkoon; ruutuaineisto {year}{partial}):',
  'info.partial': ', kattaa vain tutkimusalueen',
  'info.sites': 'Palvelupisteet ({n}; {kinds}):',
  'info.warnings': 'Varoitukset ({n}):',
  'info.none': 'ei yhtään',
  'info.sources': 'Lähteet:',
  'col.code': 'koodi', 'col.name': 'kunta', 'col.otherName': 'ruotsiksi', 'col.total': 'yhteensä',
  'col.ageTable': 'ikätaulukko', 'col.grid': '1 km ruudut', 'col.gridDiff': 'ruudut − taulukko', 'col.postal': 'postinumeroalueet', 'col.postalDiff': 'postinro − taulukko',
  'col.cells': 'ruutuja', 'col.sites': 'pisteitä', 'col.id': 'tunnus', 'col.siteName': 'nimi', 'col.kind': 'tyyppi', 'col.municipality': 'kunta', 'col.status': 'tila',
  'row.total': 'yhteensä',
  'init.done': 'Kirjoitettu {file}: {region}, {municipalities} kuntaa, {cells} väestöruutua ({population} asukasta), {postal} postinumeroaluetta, {sites} palvelupistettä, {warnings} varoitusta.',
  'kind.sote-keskus': 'sote-keskus', 'kind.sote-yksikko': 'sote-yksikkö', 'kind.hospital': 'sairaala', 'kind.emergency': 'päivystys', 'kind.other': 'muu',
  'status.open': 'toiminnassa', 'status.closing': 'lakkautumassa', 'status.closed': 'suljettu', 'status.planned': 'suunniteltu',
};

const sv: Messages = {
  'access.title': 'Tillgänglighet {mode}: närmaste {kinds} i drift ({network}){scenario}',
  'access.age': 'Åldersgrupp: {age}. Invånare som når närmaste serviceställe inom given tid (fritt val över kommungränser); medelvärde, median och 90:e percentil i minuter.',
  'access.homeNote': 'Kolumnen "egen kommun 30 min" begränsar valet till invånarens egen kommun: skillnaden mot fritt val är värdet av att kunna välja över kommungränsen.',
  'access.equity': 'Jämlikhet: de sämst betjänade 10 % av invånarna ({pop} inv.) har över {threshold} min (i medeltal {mean} min); av invånarna 75+ har {pop75} över {threshold75} min. Gini-koefficient för restid {gini} (75+: {gini75}).',
  'access.e2sfcaUnknown': 'E2SFCA-tillgänglighet beräknades inte: kapacitet saknas för {n} serviceställen ({ids}). Lägg till kapaciteter (mottagningstider per vecka) med ett scenario (op "set").',
  'access.e2sfca': 'E2SFCA ({method}): mottagningstider per vecka per 1 000 invånare, befolkningsvägt medelvärde {value}.',
  'col.residents': 'invånare', 'col.within': '≤{m} min', 'col.mean': 'medel min', 'col.median': 'median min', 'col.p90': 'p90 min', 'col.home30': 'egen kommun 30 min', 'col.sitesWithin': 'ställen ≤30 min',
  'col.rule': 'regel', 'col.verdict': 'resultat', 'col.share': 'andel', 'col.threshold': 'krav', 'col.failing': 'når inte',
  'verdict.pass': 'uppfylls', 'verdict.fail': 'UPPFYLLS INTE',
  'rules.title': 'Regler för servicenätet {mode}{scenario}:',
  'rules.explainPass': '{mun}: {share} av invånarna ({reached} / {pop}) når ett serviceställe inom {minutes} minuter (krav {threshold}). Betjänas av: {served}.',
  'rules.explainFail': '{mun}: endast {share} av invånarna ({reached} / {pop}) når ett serviceställe inom {minutes} minuter (krav {threshold}); {failing} invånare i {cells} rutor når inte, flest i rutorna {worst}. Inom tiden betjänas de av: {served}.',
  'rules.outside': 'i en annan kommun',
  'rules.none': 'inget serviceställe inom tiden',
  'compare.title': 'Jämförelse {mode}: {base} → {scenario}',
  'compare.within': 'Invånare inom 30 minuter (förändring), medel- och p90-restid (förändring i minuter):',
  'compare.flips': 'Regelresultat som ändras:',
  'compare.noFlips': 'Inget regelresultat ändras.',
  'compare.cost': 'Årskostnader: besparing {saved} € / år (stängda: {closed}; öppnade: {opened}).',
  'compare.costUnknown': 'Årskostnader: besparingen kan inte beräknas, kostnaden saknas för: {ids} (stängda: {closed}; öppnade: {opened}).',
  'compare.losers': 'Rutor vars restid ökar mest:',
  'compare.noLosers': 'Ingen rutas restid ökar.',
  'col.before': 'före', 'col.after': 'efter', 'col.change': 'förändring', 'col.cell': 'ruta', 'col.pop75': '75+', 'col.age': 'ålder',
  'scenario.saved': 'Sparade scenariot "{name}" ({edits} ändringar) i projektet {file}.',
  'scenario.deleted': 'Raderade scenariot "{name}".',
  'scenario.none': 'Projektet har inga sparade scenarier.',
  'base': 'nuvarande nät',
  'travel.summaryCached': 'Restider {mode}: nät {profile} ({nodes} noder), {origins} befolkningsrutor × {destinations} serviceställen, sparade i projektet ({engine}).',
  'mode.car': 'med bil', 'mode.walk': 'till fots', 'mode.bike': 'med cykel',
  'travel.summary': 'Restider {mode}: nät {profile} ({nodes} noder), {origins} befolkningsrutor × {destinations} serviceställen, beräknat på {ms} ms ({engine}).',
  'travel.access': 'Anslutningsresa från ruta till nätet: fågelvägen × {detour} i {kmh} km/h; median {median} min, högst {max} min; {far} rutor över 1 km från nätet.',
  'travel.excluded': '{n} platser över {km} km från nätet lämnades utan rutt: {ids}.',
  'info.ages': 'Invånare efter åldersgrupp (Statistikcentralen, Paavo {year}; åldersgruppen 13–15 fördelad på 0–14/15–64 efter antalet åldersår):',
  'info.agree': 'Hur väl befolkningskällorna stämmer överens (skillnad mot Paavos ålderstabell; rutnät {year}{partial}):',
  'info.partial': ', täcker endast studieområdet',
  'info.sites': 'Serviceställen ({n}; {kinds}):',
  'info.warnings': 'Varningar ({n}):',
  'info.none': 'inga',
  'info.sources': 'Källor:',
  'col.code': 'kod', 'col.name': 'kommun (fi)', 'col.otherName': 'kommun (sv)', 'col.total': 'totalt',
  'col.ageTable': 'ålderstabell', 'col.grid': '1 km rutor', 'col.gridDiff': 'rutor − tabell', 'col.postal': 'postnummerområden', 'col.postalDiff': 'postnr − tabell',
  'col.cells': 'rutor', 'col.sites': 'ställen', 'col.id': 'id', 'col.siteName': 'namn', 'col.kind': 'typ', 'col.municipality': 'kommun', 'col.status': 'status',
  'row.total': 'totalt',
  'init.done': 'Skrev {file}: {region}, {municipalities} kommuner, {cells} befolkningsrutor ({population} invånare), {postal} postnummerområden, {sites} serviceställen, {warnings} varningar.',
  'kind.sote-keskus': 'social- och hälsocentral', 'kind.sote-yksikko': 'social- och hälsovårdsenhet', 'kind.hospital': 'sjukhus', 'kind.emergency': 'jour', 'kind.other': 'annat',
  'status.open': 'i drift', 'status.closing': 'läggs ned', 'status.closed': 'stängd', 'status.planned': 'planerad',
};

const en: Messages = {
  'access.title': 'Accessibility {mode}: nearest operating {kinds} ({network}){scenario}',
  'access.age': 'Age group: {age}. Residents who reach the nearest service point within the time (free choice across municipal borders); mean, median and 90th percentile in minutes.',
  'access.homeNote': 'The column "home municipality 30 min" limits the choice to the resident\'s own municipality: the difference to free choice is what choosing across borders is worth.',
  'access.equity': 'Equity: the worst-served 10 % of residents ({pop}) are more than {threshold} min away ({mean} min on average); of residents 75+, {pop75} are more than {threshold75} min away. Gini coefficient of travel time {gini} (75+: {gini75}).',
  'access.e2sfcaUnknown': 'E2SFCA accessibility not computed: capacity is unknown for {n} service points ({ids}). Add capacities (appointments per week) with a scenario (op "set").',
  'access.e2sfca': 'E2SFCA ({method}): appointments per week per 1,000 residents, population-weighted mean {value}.',
  'col.residents': 'residents', 'col.within': '≤{m} min', 'col.mean': 'mean min', 'col.median': 'median min', 'col.p90': 'p90 min', 'col.home30': 'home municipality 30 min', 'col.sitesWithin': 'points ≤30 min',
  'col.rule': 'rule', 'col.verdict': 'verdict', 'col.share': 'share', 'col.threshold': 'required', 'col.failing': 'beyond',
  'verdict.pass': 'pass', 'verdict.fail': 'FAIL',
  'rules.title': 'Service-network rules {mode}{scenario}:',
  'rules.explainPass': '{mun}: {share} of residents ({reached} / {pop}) reach a service point within {minutes} minutes (required {threshold}). Served by: {served}.',
  'rules.explainFail': '{mun}: only {share} of residents ({reached} / {pop}) reach a service point within {minutes} minutes (required {threshold}); {failing} residents in {cells} cells do not, most in cells {worst}. Within the time they are served by: {served}.',
  'rules.outside': 'in another municipality',
  'rules.none': 'no service point within the time',
  'compare.title': 'Comparison {mode}: {base} → {scenario}',
  'compare.within': 'Residents within 30 minutes (change), mean and p90 travel time (change in minutes):',
  'compare.flips': 'Rule verdicts that flip:',
  'compare.noFlips': 'No rule verdict flips.',
  'compare.cost': 'Annual cost: {saved} € saved per year (closed: {closed}; opened: {opened}).',
  'compare.costUnknown': 'Annual cost: the saving cannot be computed, the cost is unknown for: {ids} (closed: {closed}; opened: {opened}).',
  'compare.losers': 'Cells whose travel time grows most:',
  'compare.noLosers': 'No cell\'s travel time grows.',
  'col.before': 'before', 'col.after': 'after', 'col.change': 'change', 'col.cell': 'cell', 'col.pop75': '75+', 'col.age': 'age',
  'scenario.saved': 'Saved scenario "{name}" ({edits} edits) in {file}.',
  'scenario.deleted': 'Deleted scenario "{name}".',
  'scenario.none': 'The project has no stored scenarios.',
  'base': "today's network",
  'travel.summaryCached': 'Travel times {mode}: network {profile} ({nodes} nodes), {origins} demand cells × {destinations} service points, stored in the project ({engine}).',
  'mode.car': 'by car', 'mode.walk': 'on foot', 'mode.bike': 'by bike',
  'travel.summary': 'Travel times {mode}: network {profile} ({nodes} nodes), {origins} demand cells × {destinations} service points, computed in {ms} ms ({engine}).',
  'travel.access': 'Access leg from a cell to the network: straight line × {detour} at {kmh} km/h; median {median} min, at most {max} min; {far} cells more than 1 km from the network.',
  'travel.excluded': '{n} places more than {km} km from the network were not routed: {ids}.',
  'info.ages': 'Residents by age band (Statistics Finland, Paavo {year}; the 13–15 band split into 0–14/15–64 by years of age):',
  'info.agree': 'How far the population sources agree (difference against the Paavo age table; grid {year}{partial}):',
  'info.partial': ', covers only the study area',
  'info.sites': 'Service points ({n}; {kinds}):',
  'info.warnings': 'Warnings ({n}):',
  'info.none': 'none',
  'info.sources': 'Sources:',
  'col.code': 'code', 'col.name': 'municipality', 'col.otherName': 'in Swedish', 'col.total': 'total',
  'col.ageTable': 'age table', 'col.grid': 'grid 1 km', 'col.gridDiff': 'grid − table', 'col.postal': 'postal areas', 'col.postalDiff': 'postal − table',
  'col.cells': 'cells', 'col.sites': 'sites', 'col.id': 'id', 'col.siteName': 'name', 'col.kind': 'kind', 'col.municipality': 'mun.', 'col.status': 'status',
  'row.total': 'total',
  'init.done': 'Wrote {file}: {region}, {municipalities} municipalities, {cells} demand cells ({population} residents), {postal} postal areas, {sites} service points, {warnings} warnings.',
  'kind.sote-keskus': 'health and social care centre', 'kind.sote-yksikko': 'health and social care unit', 'kind.hospital': 'hospital', 'kind.emergency': 'emergency', 'kind.other': 'other',
  'status.open': 'open', 'status.closing': 'closing', 'status.closed': 'closed', 'status.planned': 'planned',
};

const MESSAGES: Record<Lang, Messages> = { fi, sv, en };

/** The text for `key` in `lang` with `{name}` placeholders filled; throws on an unknown key (a bug). */
export function t(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  const text = MESSAGES[lang][key];
  if (text === undefined) throw new Error(`no ${lang} text for "${key}"`);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

/** Every message key, for tests that check all languages are complete. */
export function messageKeys(lang: Lang): string[] {
  return Object.keys(MESSAGES[lang]);
}

/** True when `s` names a supported language. */
export function isLang(s: string): s is Lang {
  return (LANGUAGES as readonly string[]).includes(s);
}
