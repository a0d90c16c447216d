// The shell of a workshop: the strand, the connections, and the loop that carries out room_core's effects.
#include "server/workshop_room.hpp"

#include <algorithm>

#include "core/forget.hpp"
#include "server/event_records.hpp"
#include "server/http_identity.hpp"
#include "server/log.hpp"
#include "server/workshop_loader.hpp"

namespace samling::server {

namespace {

template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

}  // namespace

workshop_room::workshop_room(net::any_io_executor executor, storage::event_store& store, workshop_loader& loader,
                             metrics& counters, const admission_limits& limits, room_seed seed)
    : strand_(net::make_strand(executor)),
      store_(store),
      loader_(loader),
      id_(seed.id),
      core_(std::move(seed), counters, limits, [] { return now_ms(); }),
      summary_(core_.summary()) {}

connection_id workshop_room::id_of(const std::shared_ptr<subscriber>& who) {
    auto [it, added] = ids_.try_emplace(who.get(), next_connection_);
    if (added) {
        connections_.emplace(next_connection_, known{who, who.get()});
        ++next_connection_;
    }
    return it->second;
}

std::shared_ptr<subscriber> workshop_room::connection(connection_id id) const {
    auto it = connections_.find(id);
    return it == connections_.end() ? nullptr : it->second.connection.lock();
}

void workshop_room::forget(connection_id id) {
    auto it = connections_.find(id);
    if (it == connections_.end()) return;
    ids_.erase(it->second.key);
    connections_.erase(it);
}

void workshop_room::hello(std::shared_ptr<subscriber> who, protocol::hello message, std::string address) {
    net::post(strand_, [self = shared_from_this(), who = std::move(who), message = std::move(message),
                        address = std::move(address)] {
        const auto id = self->id_of(who);
        self->run(self->core_.hello(id, message, address));
    });
}

void workshop_room::command(std::shared_ptr<subscriber> who, core::entity_id participant, std::string op,
                            core::command cmd) {
    net::post(strand_, [self = shared_from_this(), who = std::move(who), participant, op = std::move(op),
                        cmd = std::move(cmd)]() mutable {
        auto it = self->ids_.find(who.get());
        if (it == self->ids_.end()) return;  // not (or no longer) joined here
        self->run(self->core_.command(it->second, participant, op, std::move(cmd)));
    });
}

void workshop_room::leave(const subscriber* who) {
    net::post(strand_, [self = shared_from_this(), who] {
        auto it = self->ids_.find(who);
        if (it == self->ids_.end()) return;
        const connection_id id = it->second;
        self->forget(id);
        self->run(self->core_.leave(id));
    });
}

void workshop_room::run(room_effects effects) {
    std::vector<connection_id> refused;
    for (auto& effect : effects) {
        std::visit(
            overloaded{
                [&](room_effect::send& e) {
                    if (auto who = connection(e.to)) who->deliver(e.frame);
                },
                [&](room_effect::send_all& e) {
                    for (const auto& [id, weak] : subscribed_) {
                        if (auto who = weak.lock()) who->deliver(e.frame);
                    }
                },
                [&](room_effect::send_catch_up& e) {
                    if (auto who = connection(e.to)) who->deliver_catch_up(std::move(e.head), std::move(e.body));
                },
                [&](room_effect::subscribe& e) {
                    auto who = connection(e.to);
                    if (!who) {
                        // Gone before it was told: the core hears of it after these effects.
                        net::post(strand_, [self = shared_from_this(), id = e.to] {
                            self->forget(id);
                            self->run(self->core_.leave(id));
                        });
                        return;
                    }
                    subscribed_.emplace_back(e.to, who);
                    who->joined(shared_from_this(), e.participant);
                },
                [&](room_effect::unsubscribe& e) {
                    auto it = std::find_if(subscribed_.begin(), subscribed_.end(),
                                           [&](const auto& sub) { return sub.first == e.to; });
                    if (it != subscribed_.end()) subscribed_.erase(it);
                },
                [&](room_effect::refuse_hello& e) {
                    // Its error (and perhaps a close) follows; another hello gets a new id.
                    if (auto who = connection(e.to)) who->hello_refused();
                    refused.push_back(e.to);
                },
                [&](room_effect::close& e) {
                    if (auto who = connection(e.to)) who->disconnect(e.code, std::move(e.reason));
                },
                [&](room_effect::store& e) {
                    store_.submit(std::move(e.batch),
                                  [self = shared_from_this(), write = e.write](const storage::write_result& result) {
                                      net::post(self->strand_, [self, write, result] {
                                          self->run(self->core_.stored(write, result));
                                      });
                                  });
                },
                [&](room_effect::read_log& e) { read_log(e); },
                [&](room_effect::answer& e) {
                    auto it = requests_.find(e.request);
                    if (it == requests_.end()) return;
                    auto done = std::move(it->second);
                    requests_.erase(it);
                    done(e.outcome);
                },
                [&](room_effect::summary& e) {
                    std::lock_guard lock(summary_mutex_);
                    summary_ = std::move(e.now);
                },
            },
            effect);
    }
    for (auto id : refused) forget(id);
}

void workshop_room::read_log(const room_effect::read_log& request) {
    // The stored log still holds every name they had: it is read (a blocking read of the whole
    // log) and rewritten on a loader thread, then stored in place by the core.
    auto job = [self = shared_from_this(), request] {
        std::vector<core::event> log;
        try {
            for (const auto& stored : self->store_.events_after(self->id_, 0)) {
                if (stored.seq > request.through) break;
                log.push_back(event_of(stored, self->id_));
            }
        } catch (const std::exception& e) {
            log_error("workshop " + self->id_ + ": participant " + std::to_string(request.participant) +
                      " could not be erased from the log: " + e.what());
            return;
        }
        const auto rewritten = core::forget_in_log(log, request.participant, request.content);
        std::vector<core::event> changed;
        for (std::size_t i = 0; i < log.size() && i < rewritten.size(); ++i) {
            if (!(rewritten[i] == log[i])) changed.push_back(rewritten[i]);
        }
        net::post(self->strand_, [self, participant = request.participant, changed = std::move(changed)] {
            self->run(self->core_.log_read(participant, changed));
        });
    };
    // An erasure is not dropped for a busy loader: it waits on an I/O thread instead.
    if (!loader_.run(job)) net::post(strand_.get_inner_executor(), std::move(job));
}

workshop_summary workshop_room::summary() const {
    std::lock_guard lock(summary_mutex_);
    return summary_;
}

void workshop_room::render_for_reader(std::string key, std::function<std::string(const core::workshop_state&)> render,
                                      std::function<void(std::optional<std::string>)> done) {
    net::post(strand_, [self = shared_from_this(), key = std::move(key), render = std::move(render),
                        done = std::move(done)]() mutable {
        if (!may_export(identify(self->core_.credentials(), self->core_.committed(), key))) return done(std::nullopt);
        // The room goes on while the export renders from a copy of its committed state.
        net::post(self->strand_.get_inner_executor(),
                  [state = self->core_.committed(), render = std::move(render), done = std::move(done)] {
                      done(render(state));
                  });
    });
}

void workshop_room::change_links(std::string key, link_change change, std::function<void(access_outcome)> done) {
    net::post(strand_, [self = shared_from_this(), key = std::move(key), change = std::move(change),
                        done = std::move(done)]() mutable {
        const auto request = self->next_request_++;
        self->requests_.emplace(request, std::move(done));
        self->run(self->core_.change_links(request, key, std::move(change)));
    });
}

void workshop_room::set_organiser_key(std::string key, std::string organiser_key,
                                      std::function<void(access_outcome)> done) {
    link_change change;
    change.organiser_key_hash = organiser_key.empty() ? std::string() : storage::sha256_hex(organiser_key);
    change_links(std::move(key), std::move(change), std::move(done));
}

void workshop_room::set_join_code(std::string key, std::string join_code, std::function<void(access_outcome)> done) {
    link_change change;
    change.join_code = std::move(join_code);
    change_links(std::move(key), std::move(change), std::move(done));
}

void workshop_room::set_wall_key(std::string key, std::string wall_key, std::function<void(access_outcome)> done) {
    link_change change;
    change.wall_key_hash = wall_key.empty() ? std::string() : storage::sha256_hex(wall_key);
    change_links(std::move(key), std::move(change), std::move(done));
}

void workshop_room::retire(std::string key, std::function<void(access_outcome)> then) {
    net::post(strand_, [self = shared_from_this(), key = std::move(key), then = std::move(then)]() mutable {
        const auto request = self->next_request_++;
        self->requests_.emplace(request, std::move(then));
        self->run(self->core_.retire(request, key));
    });
}

void workshop_room::retire(std::function<void()> then) {
    net::post(strand_, [self = shared_from_this(), then = std::move(then)]() mutable {
        const auto request = self->next_request_++;
        self->requests_.emplace(request, [then = std::move(then)](access_outcome) { then(); });
        self->run(self->core_.retire(request, std::nullopt));
    });
}

void workshop_room::hand_over(std::function<void()> then) {
    net::post(strand_, [self = shared_from_this(), then = std::move(then)]() mutable {
        const auto request = self->next_request_++;
        self->requests_.emplace(request, [then = std::move(then)](access_outcome) { then(); });
        self->run(self->core_.hand_over(request));
    });
}

}  // namespace samling::server
