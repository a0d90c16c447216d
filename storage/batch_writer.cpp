#include "storage/batch_writer.hpp"

#include <limits>
#include <string>

#include "storage/database.hpp"

namespace samling::storage {
namespace {

// SQLite integers are signed; ids and seqs beyond INT64_MAX would not read back equal.
std::int64_t to_sql(std::uint64_t value, const char* what) {
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        throw storage_error(std::string(what) + " is out of range");
    }
    return static_cast<std::int64_t>(value);
}

}  // namespace

void batch_writer::write(const write_batch& batch) {
    if (batch.release) {
        return;  // one server per file: there is no lease to give up
    }
    if (batch.erase) {
        erase_workshop(batch.workshop);
        return;
    }
    if (batch.create) {
        insert_workshop(batch);
    }
    const std::uint64_t last_seq = stored_last_seq(batch.workshop);
    check_sequence(batch, last_seq);
    update_index(batch);
    replace_events(batch);
    insert_events(batch);
    insert_credentials(batch);
    const std::uint64_t new_last_seq = batch.events.empty() ? last_seq : batch.events.back().seq;
    upsert_snapshot(batch, new_last_seq);
    if (!batch.events.empty()) {
        db_.cached("UPDATE workshops SET last_seq = ?1 WHERE id = ?2")
            .bind_int64(1, to_sql(new_last_seq, "seq"))
            .bind_text(2, batch.workshop)
            .run();
    }
}

void batch_writer::update_index(const write_batch& batch) {
    // Each optional column of the workshop's index row that the batch changes.
    const std::pair<const std::optional<std::string>*, const char*> columns[] = {
        {&batch.title, "UPDATE workshops SET title = ?1 WHERE id = ?2"},
        {&batch.organiser_key_hash, "UPDATE workshops SET organiser_key_hash = ?1 WHERE id = ?2"},
        {&batch.join_code_hash, "UPDATE workshops SET join_code_hash = ?1 WHERE id = ?2"},
        {&batch.join_code, "UPDATE workshops SET join_code = ?1 WHERE id = ?2"},
        {&batch.wall_key_hash, "UPDATE workshops SET wall_key_hash = ?1 WHERE id = ?2"},
    };
    for (const auto& [value, sql] : columns) {
        if (!*value) continue;
        db_.cached(sql).bind_text(1, **value).bind_text(2, batch.workshop).run();
    }
    if (batch.closed_at) {
        auto& update = db_.cached("UPDATE workshops SET closed_at = ?1 WHERE id = ?2");
        if (*batch.closed_at == 0) {
            update.bind_null(1);
        } else {
            update.bind_int64(1, *batch.closed_at);
        }
        update.bind_text(2, batch.workshop).run();
    }
    // The short code is unique where set, so a freed one is NULL rather than "".
    if (batch.short_code) {
        auto& update = db_.cached("UPDATE workshops SET short_code = ?1 WHERE id = ?2");
        if (batch.short_code->empty()) {
            update.bind_null(1);
        } else {
            update.bind_text(1, *batch.short_code);
        }
        update.bind_text(2, batch.workshop).run();
    }
}

void batch_writer::erase_workshop(const std::string& workshop) {
    // Rows that refer to the workshop first, then its index row.
    for (const char* sql : {"DELETE FROM events WHERE workshop = ?1", "DELETE FROM snapshots WHERE workshop = ?1",
                            "DELETE FROM credentials WHERE workshop = ?1", "DELETE FROM workshops WHERE id = ?1"}) {
        db_.cached(sql).bind_text(1, workshop).run();
    }
}

void batch_writer::insert_workshop(const write_batch& batch) {
    const workshop_record& w = *batch.create;
    if (w.id != batch.workshop) {
        throw storage_error("workshop record id '" + w.id + "' differs from the batch's '" +
                            batch.workshop + "'");
    }
    // A new workshop's log is empty: last_seq starts at 0 and follows the batch's events.
    auto& insert = db_.cached(
           "INSERT INTO workshops(id, title, language, created_at, facilitator_key_hash, "
           "join_code_hash, organiser_key_hash, last_seq, wall_key_hash, short_code, join_code) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?10)")
        .bind_text(1, w.id)
        .bind_text(2, w.title)
        .bind_text(3, w.language)
        .bind_int64(4, w.created_at)
        .bind_text(5, w.facilitator_key_hash)
        .bind_text(6, w.join_code_hash)
        .bind_text(7, w.organiser_key_hash)
        .bind_text(8, w.wall_key_hash)
        .bind_text(10, w.join_code);
    if (w.short_code.empty()) {
        insert.bind_null(9);
    } else {
        insert.bind_text(9, w.short_code);
    }
    insert.run();
}

std::uint64_t batch_writer::stored_last_seq(const std::string& workshop) {
    statement& query = db_.cached("SELECT last_seq FROM workshops WHERE id = ?1");
    query.bind_text(1, workshop);
    if (!query.step()) {
        query.reset();
        throw storage_error("unknown workshop '" + workshop + "'");
    }
    const auto last_seq = static_cast<std::uint64_t>(query.column_int64(0));
    query.reset();  // do not leave a read open until the next use
    return last_seq;
}

void batch_writer::check_sequence(const write_batch& batch, std::uint64_t last_seq) const {
    std::uint64_t expected = last_seq + 1;
    for (const event_record& event : batch.events) {
        if (event.seq != expected) {
            throw storage_error("seq gap in workshop '" + batch.workshop + "': expected seq " +
                                std::to_string(expected) + ", got " + std::to_string(event.seq));
        }
        ++expected;
    }
}

void batch_writer::replace_events(const write_batch& batch) {
    for (const event_record& event : batch.replace) {
        db_.cached("UPDATE events SET payload = ?1 WHERE workshop = ?2 AND seq = ?3")
            .bind_text(1, event.payload)
            .bind_text(2, batch.workshop)
            .bind_int64(3, to_sql(event.seq, "seq"))
            .run();
        if (db_.changes() != 1) {
            throw storage_error("workshop '" + batch.workshop + "' has no event " + std::to_string(event.seq) + " to rewrite");
        }
    }
}

void batch_writer::insert_events(const write_batch& batch) {
    for (const event_record& event : batch.events) {
        statement& insert = db_.cached(
            "INSERT INTO events(workshop, seq, at, actor, op, type, payload) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        insert.bind_text(1, batch.workshop)
            .bind_int64(2, to_sql(event.seq, "seq"))
            .bind_int64(3, event.at)
            .bind_int64(4, to_sql(event.actor, "actor"))
            .bind_text(6, event.type)
            .bind_text(7, event.payload);
        if (event.op.empty()) {
            insert.bind_null(5);  // server-made events have no op id and never collide
        } else {
            insert.bind_text(5, event.op);
        }
        insert.run();
    }
}

void batch_writer::insert_credentials(const write_batch& batch) {
    for (const credential_record& credential : batch.credentials) {
        db_.cached("INSERT INTO credentials(token_hash, workshop, participant) VALUES (?1, ?2, ?3)")
            .bind_text(1, credential.token_hash)
            .bind_text(2, batch.workshop)
            .bind_int64(3, to_sql(credential.participant, "participant"))
            .run();
    }
}

void batch_writer::upsert_snapshot(const write_batch& batch, std::uint64_t last_seq) {
    if (!batch.snapshot) {
        return;
    }
    if (batch.snapshot->seq > last_seq) {
        throw storage_error("snapshot of workshop '" + batch.workshop + "' at seq " +
                            std::to_string(batch.snapshot->seq) + " is ahead of its log (" +
                            std::to_string(last_seq) + ")");
    }
    db_.cached("INSERT OR REPLACE INTO snapshots(workshop, seq, state) VALUES (?1, ?2, ?3)")
        .bind_text(1, batch.workshop)
        .bind_int64(2, to_sql(batch.snapshot->seq, "seq"))
        .bind_text(3, batch.snapshot->state)
        .run();
}

}  // namespace samling::storage
