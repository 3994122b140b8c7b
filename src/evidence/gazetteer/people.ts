/**
 * Public figures of the aid story, keyed by a slug of their name. `aliases` are full forms and
 * spellings ("Volodymyr Zelenskyy", "Zelenskiy"); `surnames` are the forms a later mention uses
 * alone ("Rutte said"), left empty where the surname alone is an ordinary word or another
 * famous name ("May", "Austin", "Costa", "Graham"). Roles are as of 2025 and only for reading.
 */
export interface PersonEntry {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly country?: string;
  readonly aliases: readonly string[];
  readonly surnames: readonly string[];
}

const p = (name: string, role: string, country: string | undefined, aliases: readonly string[] = [], surnames?: readonly string[]): PersonEntry => {
  const last = name.split(' ').at(-1) ?? name;
  const entry: PersonEntry = {
    id: slug(name),
    name,
    role,
    aliases: [name, ...aliases],
    surnames: surnames ?? [last],
  };
  return country === undefined ? entry : { ...entry, country };
};

/** A lower-case ASCII slug of a name: "Volodymyr Zelenskyy" → "volodymyr-zelenskyy", "Nausėda" → "nauseda". */
export function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ø/g, 'o').replace(/Ø/g, 'O').replace(/ł/g, 'l').replace(/Ł/g, 'L').replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export const people: readonly PersonEntry[] = [
  // NATO and the alliance
  p('Mark Rutte', 'NATO Secretary General', 'NLD'),
  p('Jens Stoltenberg', 'former NATO Secretary General; Norwegian finance minister', 'NOR'),
  p('Matthew Whitaker', 'U.S. Ambassador to NATO', 'USA', ['Matt Whitaker']),
  p('Alexus Grynkewich', 'NATO Supreme Allied Commander Europe', 'USA'),
  p('Christopher Cavoli', 'former NATO Supreme Allied Commander Europe', 'USA', ['Chris Cavoli']),
  // United States
  p('Donald Trump', 'President of the United States', 'USA', ['Donald J. Trump', 'President Trump'], ['Trump']),
  p('JD Vance', 'Vice President of the United States', 'USA', ['J.D. Vance', 'J. D. Vance', 'James David Vance'], ['Vance']),
  p('Marco Rubio', 'U.S. Secretary of State and National Security Adviser', 'USA'),
  p('Pete Hegseth', 'U.S. Secretary of Defense', 'USA', ['Peter Hegseth']),
  p('Steve Witkoff', 'U.S. special envoy', 'USA', ['Steven Witkoff']),
  p('Keith Kellogg', 'U.S. special envoy for Ukraine', 'USA'),
  p('Dan Driscoll', 'U.S. Secretary of the Army', 'USA', ['Daniel Driscoll'], ['Driscoll']),
  p('Dan Caine', 'Chairman of the U.S. Joint Chiefs of Staff', 'USA', ['Daniel Caine'], []),
  p('Mike Waltz', 'U.S. Ambassador to the United Nations', 'USA', ['Michael Waltz'], []),
  p('Tulsi Gabbard', 'U.S. Director of National Intelligence', 'USA'),
  p('Scott Bessent', 'U.S. Treasury Secretary', 'USA'),
  p('Howard Lutnick', 'U.S. Commerce Secretary', 'USA'),
  p('Karoline Leavitt', 'White House Press Secretary', 'USA'),
  p('Joe Biden', 'former President of the United States', 'USA', ['Joseph Biden', 'Joseph R. Biden'], ['Biden']),
  p('Kamala Harris', 'former Vice President of the United States', 'USA', [], []),
  p('Antony Blinken', 'former U.S. Secretary of State', 'USA'),
  p('Lloyd Austin', 'former U.S. Secretary of Defense', 'USA', [], []),
  p('Jake Sullivan', 'former U.S. National Security Adviser', 'USA', [], []),
  p('Mike Johnson', 'Speaker of the U.S. House of Representatives', 'USA', [], []),
  p('Chuck Schumer', 'U.S. Senate Minority Leader', 'USA'),
  p('John Thune', 'U.S. Senate Majority Leader', 'USA', [], ['Thune']),
  p('Mitch McConnell', 'U.S. Senator', 'USA'),
  p('Lindsey Graham', 'U.S. Senator', 'USA', [], []),
  p('Elon Musk', 'businessman', 'USA'),
  // Ukraine
  p('Volodymyr Zelensky', 'President of Ukraine', 'UKR', ['Volodymyr Zelenskyy', 'Volodymyr Zelenskiy', 'Volodymyr Zelenskyi', 'Vladimir Zelensky'], ['Zelensky', 'Zelenskyy', 'Zelenskiy', 'Zelenskyi']),
  p('Olena Zelenska', 'First Lady of Ukraine', 'UKR', [], ['Zelenska']),
  p('Andrii Sybiha', 'Minister of Foreign Affairs of Ukraine', 'UKR', ['Andriy Sybiha', 'Andrij Sybiha']),
  p('Denys Shmyhal', 'Minister of Defence of Ukraine (from July 2025); former Prime Minister', 'UKR', ['Denis Shmygal']),
  p('Rustem Umerov', 'Secretary of the National Security and Defense Council of Ukraine; former Minister of Defence', 'UKR'),
  p('Yulia Svyrydenko', 'Prime Minister of Ukraine', 'UKR', ['Yuliia Svyrydenko']),
  p('Andriy Yermak', 'former head of the Office of the President of Ukraine', 'UKR', ['Andrii Yermak']),
  p('Dmytro Kuleba', 'former Minister of Foreign Affairs of Ukraine', 'UKR'),
  p('Oleksandr Syrskyi', 'Commander-in-Chief of the Armed Forces of Ukraine', 'UKR', ['Oleksandr Syrsky', 'Oleksandr Syrskyy'], ['Syrskyi', 'Syrsky']),
  p('Valerii Zaluzhnyi', 'Ambassador of Ukraine to the United Kingdom', 'UKR', ['Valeriy Zaluzhnyi', 'Valery Zaluzhny'], ['Zaluzhnyi', 'Zaluzhny']),
  p('Kyrylo Budanov', 'head of Ukraine’s military intelligence', 'UKR', ['Kirill Budanov']),
  p('Vitali Klitschko', 'Mayor of Kyiv', 'UKR', ['Vitaliy Klitschko']),
  p('Ruslan Stefanchuk', 'Chairman of the Verkhovna Rada', 'UKR'),
  p('Petro Poroshenko', 'former President of Ukraine', 'UKR'),
  // Russia
  p('Vladimir Putin', 'President of Russia', 'RUS', ['Vladimir Vladimirovich Putin'], ['Putin']),
  p('Dmitry Peskov', 'Kremlin spokesman', 'RUS', ['Dmitri Peskov']),
  p('Sergei Lavrov', 'Minister of Foreign Affairs of Russia', 'RUS', ['Sergey Lavrov']),
  p('Sergei Shoigu', 'Secretary of the Security Council of Russia', 'RUS', ['Sergey Shoigu']),
  p('Andrei Belousov', 'Minister of Defence of Russia', 'RUS', ['Andrey Belousov']),
  p('Valery Gerasimov', 'Chief of the Russian General Staff', 'RUS', ['Valeriy Gerasimov']),
  p('Maria Zakharova', 'spokeswoman of the Russian Foreign Ministry', 'RUS'),
  p('Yuri Ushakov', 'Kremlin foreign policy aide', 'RUS', ['Yury Ushakov']),
  p('Kirill Dmitriev', 'Russian special envoy for economic cooperation', 'RUS'),
  p('Dmitry Medvedev', 'Deputy Chairman of the Security Council of Russia', 'RUS', ['Dmitri Medvedev']),
  p('Sergei Ryabkov', 'Deputy Foreign Minister of Russia', 'RUS', ['Sergey Ryabkov']),
  p('Alexander Lukashenko', 'President of Belarus', 'BLR', ['Aliaksandr Lukashenka', 'Alexander Lukashenka'], ['Lukashenko', 'Lukashenka']),
  // Europe
  p('Ursula von der Leyen', 'President of the European Commission', 'DEU', [], ['von der Leyen', 'Von der Leyen']),
  p('Kaja Kallas', 'EU High Representative for Foreign Affairs and Security Policy', 'EST'),
  p('António Costa', 'President of the European Council', 'PRT', ['Antonio Costa'], []),
  p('Roberta Metsola', 'President of the European Parliament', 'MLT'),
  p('Andrius Kubilius', 'EU Commissioner for Defence and Space', 'LTU'),
  p('Valdis Dombrovskis', 'EU Commissioner for Economy', 'LVA'),
  p('Josep Borrell', 'former EU High Representative', 'ESP'),
  p('Christine Lagarde', 'President of the European Central Bank', 'FRA'),
  p('Keir Starmer', 'Prime Minister of the United Kingdom', 'GBR', ['Sir Keir Starmer'], ['Starmer']),
  p('John Healey', 'UK Secretary of State for Defence', 'GBR', [], ['Healey']),
  p('David Lammy', 'UK Deputy Prime Minister', 'GBR'),
  p('Yvette Cooper', 'UK Foreign Secretary', 'GBR', [], []),
  p('Rishi Sunak', 'former Prime Minister of the United Kingdom', 'GBR'),
  p('Boris Johnson', 'former Prime Minister of the United Kingdom', 'GBR', [], []),
  p('Emmanuel Macron', 'President of France', 'FRA'),
  p('Jean-Noël Barrot', 'Minister for Europe and Foreign Affairs of France', 'FRA', ['Jean-Noel Barrot'], ['Barrot']),
  p('Friedrich Merz', 'Chancellor of Germany', 'DEU'),
  p('Boris Pistorius', 'Minister of Defence of Germany', 'DEU'),
  p('Johann Wadephul', 'Minister of Foreign Affairs of Germany', 'DEU'),
  p('Lars Klingbeil', 'Vice Chancellor and Finance Minister of Germany', 'DEU'),
  p('Olaf Scholz', 'former Chancellor of Germany', 'DEU'),
  p('Annalena Baerbock', 'President of the UN General Assembly', 'DEU'),
  p('Ruben Brekelmans', 'Minister of Defence of the Netherlands', 'NLD'),
  p('Dick Schoof', 'Prime Minister of the Netherlands', 'NLD'),
  p('Caspar Veldkamp', 'former Minister of Foreign Affairs of the Netherlands', 'NLD'),
  p('Donald Tusk', 'Prime Minister of Poland', 'POL', [], ['Tusk']),
  p('Radosław Sikorski', 'Minister of Foreign Affairs of Poland', 'POL', ['Radoslaw Sikorski', 'Radek Sikorski']),
  p('Władysław Kosiniak-Kamysz', 'Minister of National Defence of Poland', 'POL', ['Wladyslaw Kosiniak-Kamysz'], ['Kosiniak-Kamysz']),
  p('Andrzej Duda', 'former President of Poland', 'POL', [], ['Duda']),
  p('Karol Nawrocki', 'President of Poland', 'POL'),
  p('Giorgia Meloni', 'Prime Minister of Italy', 'ITA'),
  p('Guido Crosetto', 'Minister of Defence of Italy', 'ITA'),
  p('Pedro Sánchez', 'Prime Minister of Spain', 'ESP', ['Pedro Sanchez'], []),
  p('Mette Frederiksen', 'Prime Minister of Denmark', 'DNK'),
  p('Jonas Gahr Støre', 'Prime Minister of Norway', 'NOR', ['Jonas Gahr Store'], ['Støre']),
  p('Ulf Kristersson', 'Prime Minister of Sweden', 'SWE'),
  p('Alexander Stubb', 'President of Finland', 'FIN'),
  p('Petteri Orpo', 'Prime Minister of Finland', 'FIN'),
  p('Kristen Michal', 'Prime Minister of Estonia', 'EST', [], []),
  p('Gitanas Nausėda', 'President of Lithuania', 'LTU', ['Gitanas Nauseda'], ['Nausėda', 'Nauseda']),
  p('Edgars Rinkēvičs', 'President of Latvia', 'LVA', ['Edgars Rinkevics'], ['Rinkēvičs', 'Rinkevics']),
  p('Viktor Orbán', 'Prime Minister of Hungary', 'HUN', ['Viktor Orban'], ['Orbán', 'Orban']),
  p('Robert Fico', 'Prime Minister of Slovakia', 'SVK'),
  p('Petr Fiala', 'Prime Minister of the Czech Republic', 'CZE'),
  p('Maia Sandu', 'President of Moldova', 'MDA'),
  p('Recep Tayyip Erdoğan', 'President of Turkey', 'TUR', ['Recep Tayyip Erdogan', 'Tayyip Erdoğan', 'Tayyip Erdogan'], ['Erdoğan', 'Erdogan']),
  p('Mark Carney', 'Prime Minister of Canada', 'CAN', [], ['Carney']),
  p('Justin Trudeau', 'former Prime Minister of Canada', 'CAN'),
  p('Anthony Albanese', 'Prime Minister of Australia', 'AUS'),
  p('Xi Jinping', 'President of China', 'CHN', [], ['Xi']),
  p('Kim Jong Un', 'Supreme Leader of North Korea', 'PRK', ['Kim Jong-un', 'Kim Jong-Un'], []),
  p('Narendra Modi', 'Prime Minister of India', 'IND'),
  // International bodies
  p('António Guterres', 'UN Secretary-General', 'PRT', ['Antonio Guterres'], ['Guterres']),
  p('Tom Fletcher', 'UN Under-Secretary-General for Humanitarian Affairs (OCHA)', 'GBR', [], []),
  p('Kristalina Georgieva', 'Managing Director of the IMF', 'BGR'),
  p('Ajay Banga', 'President of the World Bank', 'USA', [], []),
  p('Christoph Trebesch', 'Kiel Institute, head of the Ukraine Support Tracker', 'DEU'),
  p('Rafael Grossi', 'Director General of the IAEA', 'ARG'),
];
