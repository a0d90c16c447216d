#pragma once
/** A frame made shareable: one encoding sent to many connections. */
#include <memory>
#include <string>
#include <utility>

namespace samling::server {

using shared_frame = std::shared_ptr<const std::string>;

inline shared_frame share(std::string frame) { return std::make_shared<const std::string>(std::move(frame)); }

}  // namespace samling::server
