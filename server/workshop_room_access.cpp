// The HTTP half of workshop_room: exports and the links a facilitator manages, behind identify().
#include "server/http_identity.hpp"
#include "server/workshop_room.hpp"

namespace samling::server {

void workshop_room::render_for_reader(
    std::string key, std::function<std::string(const core::workshop_state&)> render,
    std::function<void(std::optional<std::string>)> done) {
    net::post(strand_, [self = shared_from_this(), key = std::move(key), render = std::move(render),
                        done = std::move(done)] {
        if (!may_export(identify(self->credentials_, self->committed_, key)))
            return done(std::nullopt);
        done(render(self->committed_));
    });
}

void workshop_room::change_credentials(std::string key,
                                       std::function<void(storage::write_batch&)> change,
                                       std::function<void(room_credentials&)> committed,
                                       std::function<void(access_outcome)> done) {
    net::post(strand_, [self = shared_from_this(), key = std::move(key), change = std::move(change),
                        committed = std::move(committed), done = std::move(done)]() mutable {
        if (!may_manage_links(identify(self->credentials_, self->committed_, key))) {
            return done(access_outcome::denied);
        }
        storage::write_batch batch;
        batch.workshop = self->id_;
        change(batch);
        self->store_.submit(std::move(batch),
                            [self, committed, done](const storage::write_result& r) {
                                net::post(self->strand_, [self, committed, done, ok = r.ok] {
                                    if (ok) committed(self->credentials_);
                                    done(ok ? access_outcome::done : access_outcome::not_saved);
                                });
                            });
    });
}

void workshop_room::set_organiser_key(std::string key, std::string organiser_key,
                                      std::function<void(access_outcome)> done) {
    const std::string hash =
        organiser_key.empty() ? std::string() : storage::sha256_hex(organiser_key);
    change_credentials(
        std::move(key), [hash](storage::write_batch& batch) { batch.organiser_key_hash = hash; },
        [hash](room_credentials& credentials) { credentials.organiser_key_hash = hash; },
        std::move(done));
}

void workshop_room::set_join_code(std::string key, std::string join_code,
                                  std::function<void(access_outcome)> done) {
    const std::string hash = storage::sha256_hex(join_code);
    change_credentials(
        std::move(key),
        [hash, join_code](storage::write_batch& batch) {
            batch.join_code_hash = hash;
            batch.join_code = join_code;
        },
        [hash, join_code](room_credentials& credentials) {
            credentials.join_code_hash = hash;
            credentials.join_code = join_code;
        },
        // On the strand, once stored: the other facilitators' consoles show the new link at once.
        [self = shared_from_this(), done = std::move(done)](access_outcome outcome) {
            if (outcome == access_outcome::done) self->share_join_code(0);
            done(outcome);
        });
}

void workshop_room::retire(std::string key, std::function<void(access_outcome)> then) {
    net::post(strand_, [self = shared_from_this(), key = std::move(key), then = std::move(then)] {
        if (!may_manage_links(identify(self->credentials_, self->committed_, key))) {
            return then(access_outcome::denied);
        }
        self->retire([then] { then(access_outcome::done); });
    });
}

void workshop_room::retire(std::function<void()> then) {
    net::post(strand_, [self = shared_from_this(), then = std::move(then)] {
        self->retired_ = true;
        self->next_.clear();
        for (auto& sub : self->subscribers_) {
            if (auto connection = sub.connection.lock()) {
                connection->disconnect(close_codes::deleted, "workshop deleted");
            }
        }
        self->subscribers_.clear();
        // A batch in flight was submitted before this, so it is stored (and erased) first.
        then();
    });
}

void workshop_room::share_join_code(core::entity_id only) {
    if (credentials_.join_code.empty()) return;
    auto frame = std::make_shared<const std::string>(protocol::encode_join_code(credentials_.join_code));
    for (auto& sub : subscribers_) {
        if (only != 0 && sub.participant != only) continue;
        auto it = committed_.participants.find(sub.participant);
        if (it == committed_.participants.end() || it->second.role != core::role::facilitator) continue;
        if (auto connection = sub.connection.lock()) connection->deliver(frame);
    }
}

void workshop_room::share_join_code_with_promoted(const std::vector<pending>& batch) {
    for (const auto& entry : batch) {
        if (auto* promoted = std::get_if<core::participant_promote>(&entry.event.body)) {
            share_join_code(promoted->participant);
        }
    }
}

}  // namespace samling::server
