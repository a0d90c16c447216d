#pragma once
/**
 * Forgetting a participant in a stored log: the event log keeps every name a person ever had,
 * so erasing them (participant.forgotten) also needs the log rewritten without those names.
 */
#include <string>
#include <vector>

#include "core/event.hpp"

namespace samling::core {

/** The names `participant` ever had in `log` (joined, renamed; for the host the facilitator_name). */
std::vector<std::string> names_in_log(const std::vector<event>& log, entity_id participant);

/**
 * The log rewritten so that nothing in it holds any name `participant` ever had: their
 * participant.joined / participant.renamed names become placeholders ("—"), next-step owners
 * (next_step.add / next_step.edit) equal to one of those names become empty, and with content
 * "delete" the texts of their own notes (note.add, and every note.edit of them), of their deleted
 * themes (theme.propose, theme.edit) and of their next steps become "—".
 *
 * Replaying the rewritten log with core::apply gives the same final state as replaying the
 * original whenever the log ends with their participant.forgotten event, with two limits: a
 * theme of theirs that was ever merged keeps its texts (the theme it went into keeps its wording
 * in its history), and a next step whose final owner is one of their earlier names (not the
 * name they had when forgotten) loses that owner here although the state keeps it.
 */
std::vector<event> forget_in_log(std::vector<event> log, entity_id participant, forget_content content);

}  // namespace samling::core
