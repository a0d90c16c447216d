// Every UI string, in English, Danish, Swedish and Norwegian Bokmål. The workshop's language
// is the default; a person may choose another, remembered on this device.
import { DAY_CATALOGS } from './i18n_day.js';
import { ERROR_CATALOGS } from './i18n_errors.js';

export const LANGUAGES = { en: 'English', da: 'Dansk', sv: 'Svenska', nb: 'Norsk bokmål' };

const en = {
  recap_heading: 'For the recap', day_date: 'Date of the day', day_place: 'Place (optional)', save_day: 'Save date and place',
  room_order: 'Order of the rooms', move_room_up: 'Move {name} up', move_room_down: 'Move {name} down',
  group_titles: 'Group headings', group_title_for: 'Heading of the group on {theme}', save_title: 'Save heading',
  app_tagline: 'Live open-space workshops',
  start_heading: 'Start a workshop',
  start_intro: 'Create the day, then share the participant link or the QR code on the projector.',
  title: 'Title', purpose: 'Purpose', purpose_hint: 'What the day is for (shown to everyone)',
  language: 'Language', your_name: 'Your name', create: 'Create workshop',
  create_key: 'Server key', create_key_hint: 'This server asks for its key to create a workshop.',
  join_heading: 'Join the workshop', join: 'Join', join_as_observer: 'Only follow along (observer)',
  phase: 'Phase',
  phase_welcome: 'Welcome', phase_marketplace: 'Marketplace', phase_voting: 'Voting',
  phase_breakouts: 'Breakout groups', phase_convergence: 'Sharing back', phase_closed: 'Closed',
  status_online: 'Connected', status_connecting: 'Connecting…', status_reconnecting: 'Reconnecting…',
  status_offline: 'Offline: your changes are kept', status_removed: 'You are no longer in this workshop',
  not_saved: 'Not yet saved ({n})',
  tab_marketplace: 'Marketplace', tab_groups: 'Groups', tab_board: 'My group', tab_run: 'Run the day',
  tab_schedule: 'Rooms and slots', tab_people: 'People', tab_summary: 'Summary',
  propose_heading: 'Propose a theme', theme_title: 'Theme', theme_details: 'Details (optional)', propose: 'Propose',
  themes_heading: 'Themes ({n})', no_themes: 'No themes yet.',
  votes: '{n} votes', dots_left: 'Dots left: {n} of {total}', add_dot: 'Add a dot to {title}',
  remove_dot: 'Take a dot back from {title}', your_dots: 'your dots: {n}',
  edit: 'Edit', save: 'Save', cancel: 'Cancel', delete: 'Delete', withdraw: 'Withdraw',
  merge_into: 'Merge into…', merge: 'Merge', open_group: 'Open a group', has_group: 'Has a group',
  proposed_by: 'proposed by {name}',
  groups_heading: 'Breakout groups ({n})', no_groups: 'No groups yet.',
  room: 'Room', slot: 'Time', not_placed: 'not placed yet', people_here: '{n} here',
  join_group: 'Join', move_here: 'Move here', you_are_here: 'You are here', leave_group: 'Leave group',
  open_board: 'Open board', convener: 'Convener',
  board_heading: 'Notes', no_group_yet: 'Join a group to write notes.', back_to_groups: 'All groups',
  add_note: 'Add note', note_text: 'Note', under_section: 'Under', no_section: '(no sub-heading)',
  add_section: 'Add sub-heading', section_title: 'Sub-heading', pending: 'not yet saved',
  by: 'by {name}', edited: 'edited', empty_board: 'Nothing written yet.',
  timer: 'Timer', minutes: 'Minutes', timer_label: 'Label', start_timer: 'Start timer', stop_timer: 'Stop timer',
  time_left: '{label} {time}', time_up: 'Time is up',
  phases_heading: 'Phase of the day', set_phase: 'Go to {phase}',
  options_heading: 'Options', dots_per_participant: 'Dots per participant',
  participants_may_open_groups: 'Participants may open groups', anonymous_proposals: 'Anonymous proposals',
  save_options: 'Save options', lock: 'Lock (no new participants)', unlock: 'Unlock',
  open_top_heading: 'Open groups from the top-voted themes', how_many: 'How many', open_top: 'Open groups',
  rooms_heading: 'Rooms', room_name: 'Room name', capacity: 'Capacity', add_room: 'Add room',
  slots_heading: 'Time slots', slot_label: 'Slot label', slot_start: 'Starts (HH:MM)', slot_end: 'Ends (HH:MM)',
  add_slot: 'Add slot', grid_heading: 'Schedule', place_group: 'Group in {room} at {slot}', nobody: '—',
  unplaced: 'Not placed',
  people_heading: 'Participants ({n})', remove: 'Remove', promote: 'Make facilitator', online: 'online',
  role_facilitator: 'facilitator', role_participant: 'participant', role_observer: 'observer',
  silent_groups: 'Groups with no notes yet', all_groups_writing: 'Every group has written something.',
  links_heading: 'Links', participant_link: 'Participant link', wall_link: 'Projector wall',
  summary_link: 'Summary and exports', copy: 'Copy', copied: 'Copied',
  qr_label: 'QR code of the participant link',
  exports_heading: 'Exports', export_md: 'Recap (Markdown)', export_html: 'Recap to print or save as PDF',
  export_json: 'Archive (JSON)', export_csv: 'Notes for spreadsheets (CSV)',
  export_docx: 'Recap to edit in a word processor (DOCX)', export_xlsx: 'Notes, next steps and themes (XLSX)',
  export_steps: 'Next steps for spreadsheets (CSV)',
  organiser_heading: 'Read-only link for organisers', organiser_create: 'Create organiser link',
  organiser_revoke: 'Revoke organiser link', organiser_revoked: 'The organiser link no longer works.',
  summary_heading: 'Summary', summary_counts: '{themes} themes, {groups} groups, {notes} notes, {people} people',
  wall_waiting: 'Scan the code or open the link to join',
  confirm_remove: 'Remove {name} from the workshop?', confirm_delete: 'Delete this?',
  error: 'Not done: {message}', loading: 'Loading…', not_found: 'This link does not open a workshop.',
  your_language: 'Your language', you: 'you', members: 'Members',
  new_participant_link: 'New participant link',
  new_participant_link_confirm: 'Links and QR codes with the old code will stop working. Make a new participant link?',
  new_participant_link_done: 'The new participant link is ready; the old one no longer works.',
  download_failed: 'The download failed: {message}',
};

const da = {
  recap_heading: 'Til referatet', day_date: 'Dagens dato', day_place: 'Sted (valgfrit)', save_day: 'Gem dato og sted',
  room_order: 'Lokalernes rækkefølge', move_room_up: 'Flyt {name} op', move_room_down: 'Flyt {name} ned',
  group_titles: 'Gruppernes overskrifter', group_title_for: 'Overskrift for gruppen om {theme}', save_title: 'Gem overskrift',
  app_tagline: 'Open space-workshops, live',
  start_heading: 'Start en workshop', start_intro: 'Opret dagen, og del deltagerlinket eller QR-koden på projektoren.',
  title: 'Titel', purpose: 'Formål', purpose_hint: 'Hvad dagen handler om (vises for alle)',
  language: 'Sprog', your_name: 'Dit navn', create: 'Opret workshop',
  create_key: 'Servernøgle', create_key_hint: 'Denne server kræver sin nøgle for at oprette en workshop.',
  join_heading: 'Deltag i workshoppen', join: 'Deltag', join_as_observer: 'Følg kun med (observatør)',
  phase: 'Fase',
  phase_welcome: 'Velkomst', phase_marketplace: 'Markedsplads', phase_voting: 'Afstemning',
  phase_breakouts: 'Grupper', phase_convergence: 'Opsamling', phase_closed: 'Afsluttet',
  status_online: 'Forbundet', status_connecting: 'Forbinder…', status_reconnecting: 'Genopretter forbindelsen…',
  status_offline: 'Offline: dine ændringer gemmes', status_removed: 'Du er ikke længere med i workshoppen',
  not_saved: 'Ikke gemt endnu ({n})',
  tab_marketplace: 'Markedsplads', tab_groups: 'Grupper', tab_board: 'Min gruppe', tab_run: 'Styr dagen',
  tab_schedule: 'Lokaler og tider', tab_people: 'Deltagere', tab_summary: 'Opsummering',
  propose_heading: 'Foreslå et emne', theme_title: 'Emne', theme_details: 'Uddybning (valgfri)', propose: 'Foreslå',
  themes_heading: 'Emner ({n})', no_themes: 'Ingen emner endnu.',
  votes: '{n} stemmer', dots_left: 'Prikker tilbage: {n} af {total}', add_dot: 'Giv {title} en prik',
  remove_dot: 'Tag en prik tilbage fra {title}', your_dots: 'dine prikker: {n}',
  edit: 'Ret', save: 'Gem', cancel: 'Annullér', delete: 'Slet', withdraw: 'Træk tilbage',
  merge_into: 'Slå sammen med…', merge: 'Slå sammen', open_group: 'Opret gruppe', has_group: 'Har en gruppe',
  proposed_by: 'foreslået af {name}',
  groups_heading: 'Grupper ({n})', no_groups: 'Ingen grupper endnu.',
  room: 'Lokale', slot: 'Tid', not_placed: 'ikke placeret endnu', people_here: '{n} her',
  join_group: 'Deltag', move_here: 'Flyt hertil', you_are_here: 'Du er her', leave_group: 'Forlad gruppen',
  open_board: 'Åbn tavlen', convener: 'Tovholder',
  board_heading: 'Noter', no_group_yet: 'Gå med i en gruppe for at skrive noter.', back_to_groups: 'Alle grupper',
  add_note: 'Tilføj note', note_text: 'Note', under_section: 'Under', no_section: '(ingen underoverskrift)',
  add_section: 'Tilføj underoverskrift', section_title: 'Underoverskrift', pending: 'ikke gemt endnu',
  by: 'af {name}', edited: 'rettet', empty_board: 'Intet skrevet endnu.',
  timer: 'Nedtælling', minutes: 'Minutter', timer_label: 'Tekst', start_timer: 'Start nedtælling', stop_timer: 'Stop nedtælling',
  time_left: '{label} {time}', time_up: 'Tiden er gået',
  phases_heading: 'Dagens fase', set_phase: 'Gå til {phase}',
  options_heading: 'Indstillinger', dots_per_participant: 'Prikker pr. deltager',
  participants_may_open_groups: 'Deltagere må oprette grupper', anonymous_proposals: 'Anonyme forslag',
  save_options: 'Gem indstillinger', lock: 'Lås (ingen nye deltagere)', unlock: 'Lås op',
  open_top_heading: 'Opret grupper ud fra emnerne med flest stemmer', how_many: 'Hvor mange', open_top: 'Opret grupper',
  rooms_heading: 'Lokaler', room_name: 'Lokalets navn', capacity: 'Pladser', add_room: 'Tilføj lokale',
  slots_heading: 'Tidsrum', slot_label: 'Betegnelse', slot_start: 'Starter (TT:MM)', slot_end: 'Slutter (TT:MM)',
  add_slot: 'Tilføj tidsrum', grid_heading: 'Program', place_group: 'Gruppe i {room} kl. {slot}', nobody: '—',
  unplaced: 'Ikke placeret',
  people_heading: 'Deltagere ({n})', remove: 'Fjern', promote: 'Gør til facilitator', online: 'online',
  role_facilitator: 'facilitator', role_participant: 'deltager', role_observer: 'observatør',
  silent_groups: 'Grupper uden noter endnu', all_groups_writing: 'Alle grupper har skrevet noget.',
  links_heading: 'Links', participant_link: 'Deltagerlink', wall_link: 'Projektorvisning',
  summary_link: 'Opsummering og eksport', copy: 'Kopiér', copied: 'Kopieret',
  qr_label: 'QR-kode til deltagerlinket',
  exports_heading: 'Eksport', export_md: 'Referat (Markdown)', export_html: 'Referat til udskrift eller PDF',
  export_json: 'Arkiv (JSON)', export_csv: 'Noter til regneark (CSV)',
  export_docx: 'Referat til tekstbehandling (DOCX)', export_xlsx: 'Noter, næste skridt og temaer (XLSX)',
  export_steps: 'Næste skridt til regneark (CSV)',
  organiser_heading: 'Læselink til arrangører', organiser_create: 'Opret arrangørlink',
  organiser_revoke: 'Tilbagekald arrangørlink', organiser_revoked: 'Arrangørlinket virker ikke længere.',
  summary_heading: 'Opsummering', summary_counts: '{themes} emner, {groups} grupper, {notes} noter, {people} personer',
  wall_waiting: 'Scan koden eller åbn linket for at deltage',
  confirm_remove: 'Fjern {name} fra workshoppen?', confirm_delete: 'Slet dette?',
  error: 'Ikke udført: {message}', loading: 'Henter…', not_found: 'Dette link åbner ikke en workshop.',
  your_language: 'Dit sprog', you: 'dig', members: 'Medlemmer',
  new_participant_link: 'Nyt deltagerlink',
  new_participant_link_confirm: 'Links og QR-koder med den gamle kode holder op med at virke. Lav et nyt deltagerlink?',
  new_participant_link_done: 'Det nye deltagerlink er klar; det gamle virker ikke længere.',
  download_failed: 'Hentningen mislykkedes: {message}',
};

const sv = {
  recap_heading: 'Till sammanställningen', day_date: 'Dagens datum', day_place: 'Plats (valfritt)', save_day: 'Spara datum och plats',
  room_order: 'Rummens ordning', move_room_up: 'Flytta {name} upp', move_room_down: 'Flytta {name} ned',
  group_titles: 'Gruppernas rubriker', group_title_for: 'Rubrik för gruppen om {theme}', save_title: 'Spara rubrik',
  app_tagline: 'Open space-workshoppar, live',
  start_heading: 'Starta en workshop', start_intro: 'Skapa dagen och dela deltagarlänken eller QR-koden på projektorn.',
  title: 'Titel', purpose: 'Syfte', purpose_hint: 'Vad dagen handlar om (visas för alla)',
  language: 'Språk', your_name: 'Ditt namn', create: 'Skapa workshop',
  create_key: 'Servernyckel', create_key_hint: 'Den här servern kräver sin nyckel för att skapa en workshop.',
  join_heading: 'Gå med i workshoppen', join: 'Gå med', join_as_observer: 'Följ bara med (observatör)',
  phase: 'Fas',
  phase_welcome: 'Välkommen', phase_marketplace: 'Marknadsplats', phase_voting: 'Röstning',
  phase_breakouts: 'Grupper', phase_convergence: 'Återsamling', phase_closed: 'Avslutad',
  status_online: 'Ansluten', status_connecting: 'Ansluter…', status_reconnecting: 'Återansluter…',
  status_offline: 'Offline: dina ändringar sparas', status_removed: 'Du är inte längre med i workshoppen',
  not_saved: 'Inte sparat än ({n})',
  tab_marketplace: 'Marknadsplats', tab_groups: 'Grupper', tab_board: 'Min grupp', tab_run: 'Led dagen',
  tab_schedule: 'Rum och tider', tab_people: 'Deltagare', tab_summary: 'Sammanfattning',
  propose_heading: 'Föreslå ett ämne', theme_title: 'Ämne', theme_details: 'Beskrivning (valfri)', propose: 'Föreslå',
  themes_heading: 'Ämnen ({n})', no_themes: 'Inga ämnen än.',
  votes: '{n} röster', dots_left: 'Prickar kvar: {n} av {total}', add_dot: 'Ge {title} en prick',
  remove_dot: 'Ta tillbaka en prick från {title}', your_dots: 'dina prickar: {n}',
  edit: 'Redigera', save: 'Spara', cancel: 'Avbryt', delete: 'Ta bort', withdraw: 'Dra tillbaka',
  merge_into: 'Slå ihop med…', merge: 'Slå ihop', open_group: 'Starta grupp', has_group: 'Har en grupp',
  proposed_by: 'föreslaget av {name}',
  groups_heading: 'Grupper ({n})', no_groups: 'Inga grupper än.',
  room: 'Rum', slot: 'Tid', not_placed: 'inte placerad än', people_here: '{n} här',
  join_group: 'Gå med', move_here: 'Flytta hit', you_are_here: 'Du är här', leave_group: 'Lämna gruppen',
  open_board: 'Öppna tavlan', convener: 'Sammankallande',
  board_heading: 'Anteckningar', no_group_yet: 'Gå med i en grupp för att skriva.', back_to_groups: 'Alla grupper',
  add_note: 'Lägg till', note_text: 'Anteckning', under_section: 'Under', no_section: '(ingen underrubrik)',
  add_section: 'Lägg till underrubrik', section_title: 'Underrubrik', pending: 'inte sparat än',
  by: 'av {name}', edited: 'redigerad', empty_board: 'Inget skrivet än.',
  timer: 'Nedräkning', minutes: 'Minuter', timer_label: 'Text', start_timer: 'Starta nedräkning', stop_timer: 'Stoppa nedräkning',
  time_left: '{label} {time}', time_up: 'Tiden är ute',
  phases_heading: 'Dagens fas', set_phase: 'Gå till {phase}',
  options_heading: 'Inställningar', dots_per_participant: 'Prickar per deltagare',
  participants_may_open_groups: 'Deltagare får starta grupper', anonymous_proposals: 'Anonyma förslag',
  save_options: 'Spara inställningar', lock: 'Lås (inga nya deltagare)', unlock: 'Lås upp',
  open_top_heading: 'Starta grupper från ämnena med flest röster', how_many: 'Hur många', open_top: 'Starta grupper',
  rooms_heading: 'Rum', room_name: 'Rummets namn', capacity: 'Platser', add_room: 'Lägg till rum',
  slots_heading: 'Tidspass', slot_label: 'Benämning', slot_start: 'Börjar (TT:MM)', slot_end: 'Slutar (TT:MM)',
  add_slot: 'Lägg till tidspass', grid_heading: 'Schema', place_group: 'Grupp i {room} kl. {slot}', nobody: '—',
  unplaced: 'Inte placerad',
  people_heading: 'Deltagare ({n})', remove: 'Ta bort', promote: 'Gör till facilitator', online: 'online',
  role_facilitator: 'facilitator', role_participant: 'deltagare', role_observer: 'observatör',
  silent_groups: 'Grupper utan anteckningar än', all_groups_writing: 'Alla grupper har skrivit något.',
  links_heading: 'Länkar', participant_link: 'Deltagarlänk', wall_link: 'Projektorvy',
  summary_link: 'Sammanfattning och export', copy: 'Kopiera', copied: 'Kopierat',
  qr_label: 'QR-kod till deltagarlänken',
  exports_heading: 'Export', export_md: 'Minnesanteckningar (Markdown)', export_html: 'Minnesanteckningar att skriva ut eller spara som PDF',
  export_json: 'Arkiv (JSON)', export_csv: 'Anteckningar för kalkylblad (CSV)',
  export_docx: 'Minnesanteckningar att redigera i ordbehandlare (DOCX)', export_xlsx: 'Anteckningar, nästa steg och teman (XLSX)',
  export_steps: 'Nästa steg för kalkylblad (CSV)',
  organiser_heading: 'Läslänk för arrangörer', organiser_create: 'Skapa arrangörslänk',
  organiser_revoke: 'Återkalla arrangörslänk', organiser_revoked: 'Arrangörslänken fungerar inte längre.',
  summary_heading: 'Sammanfattning', summary_counts: '{themes} ämnen, {groups} grupper, {notes} anteckningar, {people} personer',
  wall_waiting: 'Skanna koden eller öppna länken för att gå med',
  confirm_remove: 'Ta bort {name} från workshoppen?', confirm_delete: 'Ta bort detta?',
  error: 'Inte gjort: {message}', loading: 'Laddar…', not_found: 'Länken öppnar ingen workshop.',
  your_language: 'Ditt språk', you: 'du', members: 'Medlemmar',
  new_participant_link: 'Ny deltagarlänk',
  new_participant_link_confirm: 'Länkar och QR-koder med den gamla koden slutar fungera. Skapa en ny deltagarlänk?',
  new_participant_link_done: 'Den nya deltagarlänken är klar; den gamla fungerar inte längre.',
  download_failed: 'Nedladdningen misslyckades: {message}',
};

const nb = {
  recap_heading: 'Til referatet', day_date: 'Dagens dato', day_place: 'Sted (valgfritt)', save_day: 'Lagre dato og sted',
  room_order: 'Rekkefølgen på rommene', move_room_up: 'Flytt {name} opp', move_room_down: 'Flytt {name} ned',
  group_titles: 'Gruppenes overskrifter', group_title_for: 'Overskrift for gruppen om {theme}', save_title: 'Lagre overskrift',
  app_tagline: 'Open space-verksteder, live',
  start_heading: 'Start et verksted', start_intro: 'Opprett dagen, og del deltakerlenken eller QR-koden på projektoren.',
  title: 'Tittel', purpose: 'Formål', purpose_hint: 'Hva dagen handler om (vises for alle)',
  language: 'Språk', your_name: 'Navnet ditt', create: 'Opprett verksted',
  create_key: 'Servernøkkel', create_key_hint: 'Denne serveren krever nøkkelen sin for å opprette et verksted.',
  join_heading: 'Bli med i verkstedet', join: 'Bli med', join_as_observer: 'Bare følg med (observatør)',
  phase: 'Fase',
  phase_welcome: 'Velkommen', phase_marketplace: 'Markedsplass', phase_voting: 'Avstemning',
  phase_breakouts: 'Grupper', phase_convergence: 'Oppsummering', phase_closed: 'Avsluttet',
  status_online: 'Tilkoblet', status_connecting: 'Kobler til…', status_reconnecting: 'Kobler til igjen…',
  status_offline: 'Frakoblet: endringene dine tas vare på', status_removed: 'Du er ikke lenger med i verkstedet',
  not_saved: 'Ikke lagret ennå ({n})',
  tab_marketplace: 'Markedsplass', tab_groups: 'Grupper', tab_board: 'Min gruppe', tab_run: 'Led dagen',
  tab_schedule: 'Rom og tider', tab_people: 'Deltakere', tab_summary: 'Oppsummering',
  propose_heading: 'Foreslå et tema', theme_title: 'Tema', theme_details: 'Utdyping (valgfritt)', propose: 'Foreslå',
  themes_heading: 'Temaer ({n})', no_themes: 'Ingen temaer ennå.',
  votes: '{n} stemmer', dots_left: 'Prikker igjen: {n} av {total}', add_dot: 'Gi {title} en prikk',
  remove_dot: 'Ta tilbake en prikk fra {title}', your_dots: 'dine prikker: {n}',
  edit: 'Rediger', save: 'Lagre', cancel: 'Avbryt', delete: 'Slett', withdraw: 'Trekk tilbake',
  merge_into: 'Slå sammen med…', merge: 'Slå sammen', open_group: 'Opprett gruppe', has_group: 'Har en gruppe',
  proposed_by: 'foreslått av {name}',
  groups_heading: 'Grupper ({n})', no_groups: 'Ingen grupper ennå.',
  room: 'Rom', slot: 'Tid', not_placed: 'ikke plassert ennå', people_here: '{n} her',
  join_group: 'Bli med', move_here: 'Flytt hit', you_are_here: 'Du er her', leave_group: 'Forlat gruppen',
  open_board: 'Åpne tavla', convener: 'Vert',
  board_heading: 'Notater', no_group_yet: 'Bli med i en gruppe for å skrive notater.', back_to_groups: 'Alle grupper',
  add_note: 'Legg til notat', note_text: 'Notat', under_section: 'Under', no_section: '(ingen underoverskrift)',
  add_section: 'Legg til underoverskrift', section_title: 'Underoverskrift', pending: 'ikke lagret ennå',
  by: 'av {name}', edited: 'redigert', empty_board: 'Ingenting skrevet ennå.',
  timer: 'Nedtelling', minutes: 'Minutter', timer_label: 'Tekst', start_timer: 'Start nedtelling', stop_timer: 'Stopp nedtelling',
  time_left: '{label} {time}', time_up: 'Tiden er ute',
  phases_heading: 'Dagens fase', set_phase: 'Gå til {phase}',
  options_heading: 'Innstillinger', dots_per_participant: 'Prikker per deltaker',
  participants_may_open_groups: 'Deltakere kan opprette grupper', anonymous_proposals: 'Anonyme forslag',
  save_options: 'Lagre innstillinger', lock: 'Lås (ingen nye deltakere)', unlock: 'Lås opp',
  open_top_heading: 'Opprett grupper fra temaene med flest stemmer', how_many: 'Hvor mange', open_top: 'Opprett grupper',
  rooms_heading: 'Rom', room_name: 'Navn på rommet', capacity: 'Plasser', add_room: 'Legg til rom',
  slots_heading: 'Tidsrom', slot_label: 'Betegnelse', slot_start: 'Starter (TT:MM)', slot_end: 'Slutter (TT:MM)',
  add_slot: 'Legg til tidsrom', grid_heading: 'Program', place_group: 'Gruppe i {room} kl. {slot}', nobody: '—',
  unplaced: 'Ikke plassert',
  people_heading: 'Deltakere ({n})', remove: 'Fjern', promote: 'Gjør til fasilitator', online: 'pålogget',
  role_facilitator: 'fasilitator', role_participant: 'deltaker', role_observer: 'observatør',
  silent_groups: 'Grupper uten notater ennå', all_groups_writing: 'Alle grupper har skrevet noe.',
  links_heading: 'Lenker', participant_link: 'Deltakerlenke', wall_link: 'Projektorvisning',
  summary_link: 'Oppsummering og eksport', copy: 'Kopier', copied: 'Kopiert',
  qr_label: 'QR-kode til deltakerlenken',
  exports_heading: 'Eksport', export_md: 'Referat (Markdown)', export_html: 'Referat til utskrift eller PDF',
  export_json: 'Arkiv (JSON)', export_csv: 'Notater til regneark (CSV)',
  export_docx: 'Referat til tekstbehandling (DOCX)', export_xlsx: 'Notater, neste steg og temaer (XLSX)',
  export_steps: 'Neste steg til regneark (CSV)',
  organiser_heading: 'Lesetilgang for arrangører', organiser_create: 'Opprett arrangørlenke',
  organiser_revoke: 'Trekk tilbake arrangørlenke', organiser_revoked: 'Arrangørlenken virker ikke lenger.',
  summary_heading: 'Oppsummering', summary_counts: '{themes} temaer, {groups} grupper, {notes} notater, {people} personer',
  wall_waiting: 'Skann koden eller åpne lenken for å bli med',
  confirm_remove: 'Fjerne {name} fra verkstedet?', confirm_delete: 'Slette dette?',
  error: 'Ikke utført: {message}', loading: 'Laster…', not_found: 'Denne lenken åpner ikke et verksted.',
  your_language: 'Ditt språk', you: 'deg', members: 'Medlemmer',
  new_participant_link: 'Ny deltakerlenke',
  new_participant_link_confirm: 'Lenker og QR-koder med den gamle koden slutter å virke. Lage en ny deltakerlenke?',
  new_participant_link_done: 'Den nye deltakerlenken er klar; den gamle virker ikke lenger.',
  download_failed: 'Nedlastingen mislyktes: {message}',
};

export const CATALOGS = {
  en: { ...en, ...DAY_CATALOGS.en, ...ERROR_CATALOGS.en },
  da: { ...da, ...DAY_CATALOGS.da, ...ERROR_CATALOGS.da },
  sv: { ...sv, ...DAY_CATALOGS.sv, ...ERROR_CATALOGS.sv },
  nb: { ...nb, ...DAY_CATALOGS.nb, ...ERROR_CATALOGS.nb },
};

let current = 'en';

const CHOICE_KEY = 'samling:language';

/** The person's own choice on this device, or null to follow the workshop. */
export function chosenLanguage() {
  try { return localStorage.getItem(CHOICE_KEY); } catch { return null; }
}

export function chooseLanguage(code) {
  try {
    if (code) localStorage.setItem(CHOICE_KEY, code); else localStorage.removeItem(CHOICE_KEY);
  } catch { /* private mode: the choice lasts for this page */ }
}

export function setLanguage(code) {
  current = CATALOGS[code] ? code : 'en';
  document.documentElement.lang = current;
}

export function language() { return current; }

/** The string `key` in the current language, with {name} placeholders filled from `params`. */
export function t(key, params = {}) {
  const text = CATALOGS[current][key] ?? CATALOGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

const has = (key) => key in CATALOGS[current] || key in CATALOGS.en;

/**
 * A refusal ({code, message, params}) in the person's language: the finer reason when the
 * catalog has it, else the code, its parameters translated too. The server's English message
 * is only a last resort, for a code newer than this page.
 */
export function refusalText(error) {
  const params = { ...(error.params || {}) };
  if (params.field) params.field = has(`field_${params.field}`) ? t(`field_${params.field}`) : params.field;
  if (params.phase) params.phase = t(`phase_${params.phase}`);
  if (params.needs) params.needs = t(`phase_${params.needs}`);
  if (params.what) params.what = t(`what_${params.what}`);
  let key = params.reason && has(`reason_${params.reason}`) ? `reason_${params.reason}` : `err_${error.code}`;
  // A code newer than this page, or an older server without the parameters a sentence needs.
  const template = CATALOGS[current][key] ?? CATALOGS.en[key];
  const needs = template ? [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]) : [];
  if (!template || needs.some((name) => params[name] === undefined)) key = null;
  return key ? t(key, params) : error.message || error.code;
}

/** The person's choice, else the workshop's language, else the browser's (Norwegian as Bokmål). */
export function pickLanguage(workshopLanguage) {
  const chosen = chosenLanguage();
  if (chosen && CATALOGS[chosen]) return setLanguage(chosen);
  if (workshopLanguage) return setLanguage(workshopLanguage);
  const browser = (navigator.language || 'en').slice(0, 2).toLowerCase();
  return setLanguage(browser === 'no' || browser === 'nn' ? 'nb' : browser);
}
