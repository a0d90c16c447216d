#include "core/errc.hpp"

namespace samling::core {
namespace {

class samling_error_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "samling"; }
    std::string message(int value) const override {
        if (value < 0 || static_cast<std::size_t>(value) >= errc_names.size()) return "unknown";
        return std::string(errc_names[static_cast<std::size_t>(value)]);
    }
};

}  // namespace

const std::error_category& samling_category() noexcept {
    static const samling_error_category category;
    return category;
}

}  // namespace samling::core
