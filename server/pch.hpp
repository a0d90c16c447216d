// Precompiled for every server translation unit: the heavy Asio/Beast headers and the JSON library.
#include "server/beast.hpp"
#include <nlohmann/json.hpp>
