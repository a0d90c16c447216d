#pragma once
/**
 * The two pure functions of the domain.
 * decide() checks a command against the state (role, phase, ownership, limits, ids) and turns it
 * into an event or a rejection; apply() folds an event into the state. Neither does I/O: time
 * and the sequence number are inputs, new ids come from the state's own counter, so replaying a
 * log rebuilds exactly the same state.
 */
#include <string>
#include <variant>

#include "core/errc.hpp"
#include "core/event.hpp"
#include "core/workshop_state.hpp"

namespace samling::core {

/** The outcome of decide(): an event ready to be stored, or why the command was refused. */
using decision = std::variant<event, rejection>;

/**
 * Decides whether `actor` may run `cmd` now.
 * `actor` is 0 for server-made commands (workshop.create, participant.join); clients can never
 * send those, because the server refuses every command whose access lists no role.
 * On success the event has seq = state.seq + 1, at = now, and `created` set when it creates.
 */
decision decide(const workshop_state& state, entity_id actor, const command& cmd, time_ms now,
                std::string op = {});

/** Applies an event produced by decide() (now or in a replay) to the state. */
void apply(workshop_state& state, const event& ev);

/** True when `text` is a valid "HH:MM" 24-hour time. */
bool is_clock_time(std::string_view text);
/** True when `text` is a valid "YYYY-MM-DD" calendar date. */
bool is_calendar_date(std::string_view text);

}  // namespace samling::core
