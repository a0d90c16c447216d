#include "server/admin_commands.hpp"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>

#include "core/decide.hpp"
#include "core/export.hpp"
#include "core/forget.hpp"
#include "protocol/archive.hpp"
#include "protocol/messages.hpp"
#include "server/event_records.hpp"
#include "server/export_xlsx.hpp"
#include "server/retention.hpp"
#include "server/workshop_archive_io.hpp"
#include "server/workshop_room.hpp"
#include "server/zip_package.hpp"
#include "storage/event_store.hpp"
#include "storage/sqlite_store.hpp"

namespace samling::server {

namespace {

/** `--name value` pairs and plain arguments; the database comes from --db, SAMLING_DB or ./samling.db. */
struct arguments {
    std::map<std::string, std::string> options;
    std::vector<std::string> plain;
    std::string db() const {
        if (auto it = options.find("db"); it != options.end()) return it->second;
        const char* env = std::getenv("SAMLING_DB");
        return env != nullptr ? env : "./samling.db";
    }
};

arguments parse(const std::vector<std::string>& args) {
    arguments parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--no-names" || arg == "--dry-run" || arg == "--delete") {
            parsed.options[arg.substr(2)] = "1";  // a switch: it takes no value
        } else if (arg == "-o" && i + 1 < args.size()) {
            parsed.options["output"] = args[++i];
        } else if (arg.rfind("--", 0) == 0 && i + 1 < args.size()) {
            parsed.options[arg.substr(2)] = args[++i];
        } else {
            parsed.plain.push_back(arg);
        }
    }
    return parsed;
}

/** Commands that only read must not create an empty database where the user mistyped a path. */
/** The store --db names: an SQLite file or a PostgreSQL database. */
std::unique_ptr<storage::event_store> open_cli_store(const arguments& args) {
    return storage::open_store({args.db(), "samling-cli"});
}

bool database_exists(const arguments& args, const std::string& command, std::ostream& err) {
    if (storage::is_postgres_url(args.db()) || std::filesystem::exists(args.db())) return true;
    err << "samling " << command << ": there is no database at " << args.db() << " (give --db PATH).\n";
    return false;
}

int backup(const arguments& args, std::ostream& out, std::ostream& err) {
    if (storage::is_postgres_url(args.db())) {
        return err << "samling backup: a PostgreSQL database is backed up with pg_dump (see docs/scaling.md).\n", 2;
    }
    if (!args.options.count("output")) return err << "samling backup: say where with -o FILE.\n", 2;
    const std::string target = args.options.at("output");
    if (std::filesystem::exists(target)) {
        return err << "samling backup: " << target << " exists already; nothing was written.\n", 1;
    }
    const auto opened = open_cli_store(args);
    auto& store = *opened;
    store.backup_to(target);
    storage::sqlite_store copy(storage::store_options{target});
    if (!copy.integrity_ok()) return err << "samling backup: the copy in " << target << " fails its integrity check.\n", 1;
    out << "Backed up " << copy.list_workshops().size() << " workshops to " << target << ".\n";
    return 0;
}

int check(const arguments& args, std::ostream& out, std::ostream& err) {
    const auto opened = open_cli_store(args);
    auto& store = *opened;
    const bool ok = store.integrity_ok();
    const auto workshops = store.list_workshops();
    std::uint64_t events = 0;
    for (const auto& w : workshops) events += w.last_seq;
    (ok ? out : err) << args.db() << ": " << (ok ? "integrity ok" : "INTEGRITY CHECK FAILED") << ", schema version "
                     << store.schema_version() << ", " << workshops.size() << " workshops, " << events << " events.\n";
    return ok ? 0 : 1;
}

int list(const arguments& args, std::ostream& out) {
    const auto opened = open_cli_store(args);
    auto& store = *opened;
    out << "id\tcreated\tevents\ttitle\n";
    for (const auto& w : store.list_workshops()) {
        out << w.id << '\t' << w.created_at << '\t' << w.last_seq << '\t' << w.title << '\n';
    }
    return 0;
}

/** A recap of the state in a format other than json; nullopt when an Office file cannot be written. */
std::optional<std::string> render_recap(const std::string& format, const core::workshop_state& state, bool names) {
    const core::export_options options{now_ms(), names};
    if (format == "xlsx") return export_xlsx(names ? state : core::without_names(state));
    if (format == "docx") return export_docx(state, options);
    return format == "md"          ? core::export_markdown(state, options)
           : format == "html"      ? core::export_html(state, options)
           : format == "steps-csv" ? core::export_steps_csv(state, options)
                                   : core::export_csv(state, options);
}

/** An export's bytes to -o FILE, or to standard output. */
int write_text(const arguments& args, const std::string& text, std::ostream& out, std::ostream& err) {
    if (!args.options.count("output")) return out << text, 0;
    std::ofstream file(args.options.at("output"), std::ios::binary);
    file << text;
    if (!file) return err << "samling export: could not write " << args.options.at("output") << ".\n", 1;
    return 0;
}

int export_workshop(const arguments& args, std::ostream& out, std::ostream& err) {
    const auto id = args.options.count("workshop") ? args.options.at("workshop") : std::string();
    const auto format = args.options.count("format") ? args.options.at("format") : std::string("md");
    if (id.empty()) return err << "samling export: say which workshop with --workshop ID (see samling list).\n", 2;
    if (format != "md" && format != "html" && format != "csv" && format != "steps-csv" && format != "xlsx" &&
        format != "docx" && format != "json") {
        return err << "samling export: --format is md, html, csv, steps-csv, xlsx, docx or json.\n", 2;
    }
    const auto opened = open_cli_store(args);
    auto& store = *opened;
    auto archive = read_archive(store, id);
    if (!archive) return err << "samling export: there is no workshop " << id << " in " << args.db() << ".\n", 1;
    std::string text = *archive;
    const bool names = !args.options.count("no-names");
    if (format != "json" || !names) {
        // The archive was checked when written; decoding it replays the log into the state.
        auto decoded = protocol::decode_archive(*archive);
        if (auto* error = std::get_if<std::string>(&decoded)) return err << "samling export: " << *error << "\n", 1;
        if (format == "json") {
            text = protocol::encode_archive(protocol::without_names(std::move(std::get<0>(decoded).first)));
            return write_text(args, text, out, err);
        }
        auto recap = render_recap(format, std::get<0>(decoded).second, names);
        if (!recap) return err << "samling export: the " << format << " file could not be written.\n", 1;
        text = std::move(*recap);
    }
    return write_text(args, text, out, err);
}

int import_workshop(const arguments& args, std::ostream& out, std::ostream& err) {
    if (args.plain.size() != 1) return err << "samling import: give one archive file (samling import FILE).\n", 2;
    std::ifstream file(args.plain[0], std::ios::binary);
    if (!file) return err << "samling import: cannot read " << args.plain[0] << ".\n", 1;
    std::ostringstream text;
    text << file.rdbuf();
    auto decoded = protocol::decode_archive(text.str());
    if (auto* error = std::get_if<std::string>(&decoded)) return err << "samling import: " << *error << "\n", 1;
    auto& [archive, state] = std::get<std::pair<protocol::workshop_archive, core::workshop_state>>(decoded);
    const auto opened = open_cli_store(args);
    auto& store = *opened;
    if (store.find_workshop(archive.id)) {
        return err << "samling import: workshop " << archive.id << " exists already in " << args.db()
                   << "; nothing was changed.\n", 1;
    }
    storage::write_batch batch;
    batch.workshop = archive.id;
    batch.create = storage::workshop_record{archive.id, state.title, state.language, state.created_at,
                                            archive.facilitator_key_hash, archive.join_code_hash,
                                            archive.organiser_key_hash, 0,
                                            // The wall link and the short code are the live day's: an
                                            // imported workshop gets new ones from its facilitator.
                                            "", ""};
    for (const auto& ev : archive.events) {
        batch.events.push_back(record_of(ev));
    }
    for (const auto& [hash, participant] : archive.credentials) batch.credentials.push_back({hash, participant});
    batch.snapshot = storage::snapshot_record{state.seq, protocol::encode_state(state, protocol::audience::full)};
    storage::write_result result;
    store.submit(std::move(batch), [&result](const storage::write_result& r) { result = r; });
    store.flush();
    if (!result.ok) return err << "samling import: could not save: " << result.error << "\n", 1;
    out << "Imported workshop " << archive.id << " (\"" << state.title << "\", " << state.seq << " events).\n";
    return 0;
}

storage::write_result submit_and_wait(storage::event_store& store, storage::write_batch batch) {
    storage::write_result result;
    store.submit(std::move(batch), [&result](const storage::write_result& r) { result = r; });
    store.flush();
    return result;
}

/** The calendar date of `at` (UTC), for people reading a list. */
std::string date_of(std::int64_t at) {
    const std::time_t seconds = static_cast<std::time_t>(at / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
    return text;
}

int purge(const arguments& args, std::ostream& out, std::ostream& err) {
    std::string days_text;
    if (args.options.count("retention-days")) {
        days_text = args.options.at("retention-days");
    } else if (const char* env = std::getenv("SAMLING_RETENTION_DAYS")) {
        days_text = env;
    }
    const auto days = parse_number(days_text, limits::max_retention_days).value_or(0);
    if (days == 0) {
        return err << "samling purge: say how long closed workshops are kept with --retention-days N (1 to "
                   << limits::max_retention_days << ") or SAMLING_RETENTION_DAYS.\n", 2;
    }
    const auto opened = open_cli_store(args);
    auto& store = *opened;
    const auto due = due_for_deletion(store.list_workshops(), now_ms(), static_cast<unsigned>(days));
    const bool dry = args.options.count("dry-run") != 0;
    out << "id\tclosed\ttitle\n";
    for (const auto& w : due) out << w.id << '\t' << date_of(w.closed_at) << '\t' << w.title << '\n';
    if (dry) {
        out << due.size() << " workshop(s) closed for more than " << days << " days would be deleted.\n";
        return 0;
    }
    std::size_t deleted = 0;
    for (const auto& w : due) {
        storage::write_batch erase;
        erase.workshop = w.id;
        erase.erase = true;
        const auto result = submit_and_wait(store, std::move(erase));
        if (!result.ok) return err << "samling purge: " << w.id << " could not be deleted: " << result.error << "\n", 1;
        ++deleted;
    }
    out << "Deleted " << deleted << " workshop(s), wiped from " << args.db() << ".\n";
    return 0;
}

int forget(const arguments& args, std::ostream& out, std::ostream& err) {
    const auto id = args.options.count("workshop") ? args.options.at("workshop") : std::string();
    const auto who = args.options.count("participant") ? args.options.at("participant") : std::string();
    const auto participant = parse_number(who, std::numeric_limits<core::entity_id>::max());
    if (id.empty() || !participant) {
        return err << "samling forget: say whom with --workshop ID --participant N (the participant's number).\n", 2;
    }
    const auto opened = open_cli_store(args);
    auto& store = *opened;
    if (store.shared() && store.find_workshop(id)) {
        // Several nodes: only whoever holds the workshop may write it.
        const auto claimed = store.claim(id);
        if (claimed.state != storage::claim_result::status::owned) {
            return err << "samling forget: workshop " << id << " is open on "
                       << (claimed.owner.empty() ? std::string("another node") : claimed.owner)
                       << "; forget the participant from its console, or try again later.\n", 1;
        }
    }
    auto text = read_archive(store, id);
    if (!text) return err << "samling forget: there is no workshop " << id << " in " << args.db() << ".\n", 1;
    auto decoded = protocol::decode_archive(*text);
    if (auto* error = std::get_if<std::string>(&decoded)) return err << "samling forget: " << *error << "\n", 1;
    auto& [archive, state] = std::get<std::pair<protocol::workshop_archive, core::workshop_state>>(decoded);
    const core::participant_forget command{*participant, args.options.count("delete") ? core::forget_content::erase
                                                                                      : core::forget_content::keep};
    // Decided as the host's: a facilitator may forget anyone but the host.
    auto decided = core::decide(state, core::host_id, command, now_ms(), "");
    if (auto* refused = std::get_if<core::rejection>(&decided)) return err << "samling forget: " << refused->message << "\n", 1;
    const auto& ev = std::get<core::event>(decided);
    std::vector<core::event> log = archive.events;
    log.push_back(ev);
    const auto rewritten = core::forget_in_log(log, command.participant, command.content);
    core::apply(state, ev);
    storage::write_batch batch;
    batch.workshop = id;
    for (std::size_t i = 0; i + 1 < log.size(); ++i) {
        if (!(rewritten[i] == log[i])) batch.replace.push_back(record_of(rewritten[i]));
    }
    batch.events.push_back(record_of(ev));
    batch.snapshot = storage::snapshot_record{state.seq, protocol::encode_state(state, protocol::audience::full)};
    const auto result = submit_and_wait(store, std::move(batch));
    if (!result.ok) return err << "samling forget: could not save: " << result.error << "\n", 1;
    if (!result.error.empty()) err << "samling forget: " << result.error << "\n";
    out << "Participant " << command.participant << " of workshop " << id << " is forgotten ("
        << (command.content == core::forget_content::erase ? "their notes and themes deleted" : "their notes and themes kept")
        << "); " << batch.replace.size() << " stored event(s) rewritten and the file wiped.\n";
    return 0;
}

bool asks_for_help(const std::vector<std::string>& args) {
    return std::any_of(args.begin(), args.end(), [](const std::string& a) { return a == "--help" || a == "-h"; });
}

}  // namespace

std::string admin_usage(const std::string& command) {
    static const std::map<std::string, std::string_view> usages{
        {"list", "Usage: samling list [--db PATH]\n\n"
                 "Lists the workshops in a database: id, created (ms since 1970), events, title.\n\n"
                 "  --db PATH     the database file [SAMLING_DB, default ./samling.db]\n"},
        {"export", "Usage: samling export --workshop ID [--format F] [--no-names] [-o FILE] [--db PATH]\n\n"
                   "Writes a workshop's recap (md, html, docx), its notes (csv), its next steps\n"
                   "(steps-csv), all three tables (xlsx) or its archive (json).\n\n"
                   "  --workshop ID the workshop (see samling list)\n"
                   "  --format F    md (default), html, docx, csv, steps-csv, xlsx or json\n"
                   "  --no-names    leave every participant's name out: the recap to publish\n"
                   "  -o FILE       write to FILE instead of standard output\n"
                   "  --db PATH     the database file [SAMLING_DB, default ./samling.db]\n"},
        {"import", "Usage: samling import FILE [--db PATH]\n\n"
                   "Restores a workshop from a JSON archive (samling export --format json);\n"
                   "refused if the workshop exists already.\n\n"
                   "  --db PATH     the database file [SAMLING_DB, default ./samling.db]\n"},
        {"backup", "Usage: samling backup -o FILE [--db PATH]\n\n"
                   "Writes a consistent copy of the database to FILE (which must not exist),\n"
                   "safe while the server runs, and checks the copy's integrity.\n\n"
                   "  --db PATH     the database file [SAMLING_DB, default ./samling.db]\n"},
        {"purge", "Usage: samling purge --retention-days N [--dry-run] [--db PATH]\n\n"
                  "Deletes every workshop closed for more than N days, wiped from the file (the\n"
                  "server does the same by itself with --retention-days). Stop the server first.\n\n"
                  "  --retention-days N  days a closed workshop is kept [SAMLING_RETENTION_DAYS]\n"
                  "  --dry-run           only list what would be deleted: id, closed (UTC), title\n"
                  "  --db PATH           the database file [SAMLING_DB, default ./samling.db]\n"},
        {"forget", "Usage: samling forget --workshop ID --participant N [--delete] [--db PATH]\n\n"
                   "Forgets a participant: their name leaves the workshop and every stored event,\n"
                   "snapshot and page of the file; with --delete their notes, themes and next steps\n"
                   "go too (by default they stay, without the name). Stop the server first.\n\n"
                   "  --workshop ID     the workshop (see samling list)\n"
                   "  --participant N   the participant's number (\"id\" in samling export --format json)\n"
                   "  --delete          also delete what they wrote\n"
                   "  --db PATH         the database file [SAMLING_DB, default ./samling.db]\n"},
        {"check", "Usage: samling check [--db PATH]\n\n"
                  "Runs SQLite's integrity check and counts workshops and events.\n\n"
                  "  --db PATH     the database file [SAMLING_DB, default ./samling.db]\n"},
    };
    const auto it = usages.find(command);
    return it == usages.end() ? std::string() : std::string(it->second);
}

int run_admin_command(const std::string& command, const std::vector<std::string>& raw, std::ostream& out,
                      std::ostream& err) {
    if (asks_for_help(raw) && !admin_usage(command).empty()) return out << admin_usage(command), 0;
    const arguments args = parse(raw);
    try {
        const bool reads = command == "list" || command == "export" || command == "backup" || command == "check" ||
                           command == "purge" || command == "forget";
        if (reads && !database_exists(args, command, err)) return 1;
        if (command == "list") return list(args, out);
        if (command == "export") return export_workshop(args, out, err);
        if (command == "backup") return backup(args, out, err);
        if (command == "check") return check(args, out, err);
        if (command == "import") return import_workshop(args, out, err);
        if (command == "purge") return purge(args, out, err);
        if (command == "forget") return forget(args, out, err);
    } catch (const std::exception& e) {
        err << "samling " << command << ": " << e.what() << "\n";
        return 1;
    }
    err << "samling: unknown command \"" << command << "\". Run samling --help.\n";
    return 2;
}

}  // namespace samling::server
