#pragma once
/** Office packages (a DOCX) zipped in memory with libzip. */
#include <optional>
#include <string>
#include <vector>

#include "core/export_docx.hpp"

namespace samling::server {

/**
 * The parts as one zip, in their order, deflated, every entry dated 1980-01-01 00:00 (the first
 * instant a zip can hold), so the same parts always make the same bytes. nullopt when libzip
 * fails (out of memory).
 */
std::optional<std::string> zip_package(const std::vector<core::package_part>& parts);

/** The recap as a DOCX file: core's parts, zipped. */
std::optional<std::string> export_docx(const core::workshop_state& state, const core::export_options& options);

}  // namespace samling::server
