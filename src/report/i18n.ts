/**
 * User-facing texts in Finnish (the default), Swedish and English. Code, logs and JSON keys stay in
 * English; everything a planner or resident reads goes through `t()`. Placeholders are `{name}`.
 */

export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'fi';

type Messages = Record<string, string>;

const fi: Messages = {
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
