#include "core/decide.hpp"

#include "core/rules.hpp"

namespace samling::core {
namespace {

std::string phase_title(phase p) {
    std::string name(to_string(p));
    name[0] = static_cast<char>(name[0] - 'a' + 'A');
    return name;
}

/** Role and phase rules shared by every command, from its `info.who`. */
std::optional<rejection> check_access(const rules::context& ctx, const command_info& info) {
    if (info.who.roles == roles::none) {
        if (ctx.actor != 0) {
            return rejection{errc::forbidden, "Only the server can send " + std::string(info.name) + ".", {}};
        }
        return std::nullopt;
    }
    if (ctx.sender == nullptr) {
        return rejection{errc::not_joined, "Join the workshop before sending commands.", {}};
    }
    if (!ctx.sender->active()) {
        return rejection{errc::participant_removed,
                         ctx.sender->removed ? "You were removed from this workshop."
                                             : "You have left this workshop.",
                         rules::because(ctx.sender->removed ? "removed" : "left")};
    }
    if ((info.who.roles & role_bit(ctx.sender->role)) == 0) {
        if (info.who.roles == roles::facilitators) {
            return rejection{errc::forbidden, "Only facilitators can do that.",
                             rules::because("facilitators_only")};
        }
        return rejection{errc::forbidden, "Observers can follow the workshop but not change it.",
                         rules::because("observer")};
    }
    if (!ctx.facilitator() && (info.who.phases & phase_bit(ctx.state.phase)) == 0) {
        return rejection{errc::wrong_phase,
                         "That is not possible in the " + phase_title(ctx.state.phase) + " phase.",
                         {{"phase", std::string(to_string(ctx.state.phase))}}};
    }
    return std::nullopt;
}

}  // namespace

decision decide(const workshop_state& state, entity_id actor, const command& cmd, time_ms now,
                std::string op) {
    const participant* sender = nullptr;
    if (auto it = state.participants.find(actor); it != state.participants.end()) {
        sender = &it->second;
    }
    const rules::context ctx{state, actor, sender, now};
    const command_info& info = info_of(cmd);
    if (auto refused = check_access(ctx, info)) return *refused;
    auto refused = std::visit([&](const auto& body) { return rules::check(ctx, body); }, cmd);
    if (refused) return *refused;

    event ev;
    ev.seq = state.seq + 1;
    ev.at = now;
    ev.actor = actor;
    ev.created = info.creates ? state.next_id : 0;
    ev.op = std::move(op);
    ev.body = cmd;
    return ev;
}

void apply(workshop_state& state, const event& ev) {
    std::visit([&](const auto& body) { rules::effect(state, ev, body); }, ev.body);
    state.seq = ev.seq;
    if (ev.created != 0 && ev.created >= state.next_id) state.next_id = ev.created + 1;
}

namespace {

bool digits(std::string_view text) {
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

int number(std::string_view text) {
    int value = 0;
    for (char c : text) value = value * 10 + (c - '0');
    return value;
}

}  // namespace

bool is_clock_time(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return false;
    auto hours = text.substr(0, 2);
    auto minutes = text.substr(3, 2);
    return digits(hours) && digits(minutes) && number(hours) < 24 && number(minutes) < 60;
}

bool is_calendar_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    auto year = text.substr(0, 4);
    auto month = text.substr(5, 2);
    auto day = text.substr(8, 2);
    if (!digits(year) || !digits(month) || !digits(day)) return false;
    const int y = number(year), m = number(month), d = number(day);
    if (m < 1 || m > 12 || d < 1) return false;
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

}  // namespace samling::core
