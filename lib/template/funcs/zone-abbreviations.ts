/**
 * Time zone abbreviations as Go prints them for the MST layout element. Go reads them from tzdata, which the
 * browser does not expose: Intl's English names match tzdata only for North American zones, and tzdata gives
 * most other zones numeric names ("+04"). This table lists the zones whose tzdata names are letters, as
 * [standard, daylight] pairs; everything else falls back to the numeric form.
 */

const GROUPS: [string, string, string][] = [
  ["GMT", "BST", "Europe/London Europe/Guernsey Europe/Isle_of_Man Europe/Jersey Europe/Belfast GB GB-Eire"],
  ["GMT", "IST", "Europe/Dublin Eire"],
  ["WET", "WEST", "Europe/Lisbon Atlantic/Madeira Atlantic/Canary Atlantic/Faroe Atlantic/Faeroe Portugal WET"],
  [
    "CET",
    "CEST",
    "Europe/Berlin Europe/Paris Europe/Madrid Europe/Rome Europe/Amsterdam Europe/Brussels Europe/Vienna Europe/Zurich " +
      "Europe/Stockholm Europe/Oslo Europe/Copenhagen Europe/Prague Europe/Warsaw Europe/Budapest Europe/Belgrade " +
      "Europe/Zagreb Europe/Ljubljana Europe/Bratislava Europe/Luxembourg Europe/Monaco Europe/Malta Europe/Andorra " +
      "Europe/Gibraltar Europe/Tirane Europe/Sarajevo Europe/Skopje Europe/Podgorica Europe/Vaduz Europe/San_Marino " +
      "Europe/Vatican Europe/Busingen Africa/Ceuta Arctic/Longyearbyen Atlantic/Jan_Mayen Africa/Tunis Africa/Algiers Poland CET MET",
  ],
  [
    "EET",
    "EEST",
    "Europe/Athens Europe/Bucharest Europe/Helsinki Europe/Kiev Europe/Kyiv Europe/Riga Europe/Sofia Europe/Tallinn " +
      "Europe/Vilnius Europe/Chisinau Europe/Tiraspol Europe/Mariehamn Europe/Uzhgorod Europe/Zaporozhye Europe/Kaliningrad " +
      "Asia/Nicosia Asia/Famagusta Europe/Nicosia Asia/Beirut Africa/Cairo Africa/Tripoli Egypt Libya EET",
  ],
  ["MSK", "MSD", "Europe/Moscow Europe/Simferopol Europe/Kirov Europe/Volgograd W-SU"],
  ["SAST", "SAST", "Africa/Johannesburg Africa/Maseru Africa/Mbabane"],
  [
    "CAT",
    "CAT",
    "Africa/Maputo Africa/Harare Africa/Lusaka Africa/Blantyre Africa/Bujumbura Africa/Gaborone Africa/Kigali " +
      "Africa/Lubumbashi Africa/Windhoek Africa/Juba Africa/Khartoum",
  ],
  [
    "EAT",
    "EAT",
    "Africa/Nairobi Africa/Addis_Ababa Africa/Asmara Africa/Asmera Africa/Dar_es_Salaam Africa/Djibouti Africa/Kampala " +
      "Africa/Mogadishu Indian/Antananarivo Indian/Comoro Indian/Mayotte",
  ],
  [
    "WAT",
    "WAT",
    "Africa/Lagos Africa/Kinshasa Africa/Luanda Africa/Bangui Africa/Brazzaville Africa/Douala Africa/Libreville " +
      "Africa/Malabo Africa/Niamey Africa/Porto-Novo Africa/Ndjamena",
  ],
  [
    "GMT",
    "GMT",
    "Africa/Abidjan Africa/Accra Africa/Bamako Africa/Banjul Africa/Bissau Africa/Conakry Africa/Dakar Africa/Freetown " +
      "Africa/Lome Africa/Monrovia Africa/Nouakchott Africa/Ouagadougou Africa/Sao_Tome Africa/Timbuktu Atlantic/Reykjavik " +
      "Atlantic/St_Helena America/Danmarkshavn Iceland GMT Etc/GMT Etc/GMT0 Etc/GMT+0 Etc/GMT-0 Etc/Greenwich Greenwich GMT0 GMT+0 GMT-0",
  ],
  ["UTC", "UTC", "UTC Etc/UTC Etc/UCT Etc/Universal Etc/Zulu Universal Zulu UCT"],
  ["IST", "IST", "Asia/Kolkata Asia/Calcutta"],
  ["PKT", "PKST", "Asia/Karachi"],
  ["JST", "JDT", "Asia/Tokyo Japan"],
  ["KST", "KDT", "Asia/Seoul Asia/Pyongyang ROK"],
  ["HKT", "HKST", "Asia/Hong_Kong Hongkong"],
  ["CST", "CDT", "Asia/Shanghai Asia/Chongqing Asia/Chungking Asia/Harbin Asia/Taipei Asia/Macau Asia/Macao PRC ROC"],
  ["WIB", "WIB", "Asia/Jakarta Asia/Pontianak"],
  ["WITA", "WITA", "Asia/Makassar Asia/Ujung_Pandang"],
  ["WIT", "WIT", "Asia/Jayapura"],
  ["IST", "IDT", "Asia/Jerusalem Asia/Tel_Aviv Israel"],
  ["AEST", "AEDT", "Australia/Sydney Australia/Melbourne Australia/Hobart Australia/Canberra Australia/ACT Australia/NSW Australia/Victoria Australia/Tasmania Australia/Currie Australia/Brisbane Australia/Lindeman Australia/Queensland Antarctica/Macquarie"],
  ["ACST", "ACDT", "Australia/Adelaide Australia/Broken_Hill Australia/South Australia/Yancowinna Australia/Darwin Australia/North"],
  ["AWST", "AWDT", "Australia/Perth Australia/West"],
  ["NZST", "NZDT", "Pacific/Auckland Antarctica/McMurdo Antarctica/South_Pole NZ"],
  ["HST", "HDT", "Pacific/Honolulu Pacific/Johnston US/Hawaii HST"],
  ["ChST", "ChST", "Pacific/Guam Pacific/Saipan"],
  ["SST", "SST", "Pacific/Pago_Pago Pacific/Midway Pacific/Samoa US/Samoa"],
  ["NST", "NDT", "America/St_Johns Canada/Newfoundland"],
  ["PST", "PDT", "Asia/Manila"],
  ["EST", "EDT", "America/New_York America/Detroit America/Toronto America/Montreal America/Nassau America/Indiana/Indianapolis America/Indianapolis America/Kentucky/Louisville America/Louisville US/Eastern US/Michigan Canada/Eastern EST5EDT"],
  ["CST", "CDT", "America/Chicago America/Winnipeg America/Indiana/Knox America/Menominee America/North_Dakota/Center US/Central Canada/Central CST6CDT"],
  ["MST", "MDT", "America/Denver America/Edmonton America/Boise America/Yellowknife US/Mountain Canada/Mountain MST7MDT Navajo"],
  ["MST", "MST", "America/Phoenix US/Arizona MST"],
  ["PST", "PDT", "America/Los_Angeles America/Vancouver America/Tijuana US/Pacific Canada/Pacific PST8PDT"],
  ["AKST", "AKDT", "America/Anchorage America/Juneau America/Nome America/Sitka America/Yakutat US/Alaska"],
  ["AST", "ADT", "America/Halifax America/Glace_Bay America/Moncton America/Goose_Bay Atlantic/Bermuda Canada/Atlantic"],
  ["AST", "AST", "America/Puerto_Rico America/Santo_Domingo America/Barbados America/Martinique"],
  ["CST", "CDT", "America/Havana Cuba"],
];

const TABLE = new Map<string, [string, string]>();
for (const [std, dst, zones] of GROUPS) for (const z of zones.split(" ")) TABLE.set(z, [std, dst]);

/** North American abbreviations, where Intl's en-US names agree with tzdata. */
const INTL_TRUSTED = new Set(["EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "AKDT", "HST", "HDT", "AST", "ADT"]);

/** The tzdata abbreviation pair for a zone, if it has alphabetic ones. */
export function tzdataAbbreviations(zone: string): [string, string] | undefined {
  return TABLE.get(zone);
}

export function trustedIntlAbbreviation(name: string): boolean {
  return INTL_TRUSTED.has(name);
}
