#include "server/zip_package.hpp"

#include <zip.h>

#include <memory>

namespace samling::server {

namespace {

// 1980-01-01 00:00 in MS-DOS form: set directly, for zip_file_set_mtime would read the local
// time zone.
constexpr zip_uint16_t dos_time = 0;
constexpr zip_uint16_t dos_date = (0 << 9) | (1 << 5) | 1;

struct source_free {
    void operator()(zip_source_t* source) const { zip_source_free(source); }
};
using source_ptr = std::unique_ptr<zip_source_t, source_free>;

bool add_parts(zip_t* archive, const std::vector<core::package_part>& parts) {
    for (const auto& part : parts) {
        // libzip reads the bytes at zip_close; `parts` outlives it.
        zip_source_t* data = zip_source_buffer(archive, part.bytes.data(), part.bytes.size(), 0);
        if (data == nullptr) return false;
        const zip_int64_t index = zip_file_add(archive, part.path.c_str(), data, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(data);
            return false;
        }
        const auto at = static_cast<zip_uint64_t>(index);
        if (zip_set_file_compression(archive, at, ZIP_CM_DEFLATE, 9) != 0 ||
            zip_file_set_dostime(archive, at, dos_time, dos_date, 0) != 0) {
            return false;
        }
    }
    return true;
}

/** The bytes a written in-memory archive holds. */
std::optional<std::string> read_all(zip_source_t* source) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_source_stat(source, &stat) != 0 || (stat.valid & ZIP_STAT_SIZE) == 0) return std::nullopt;
    if (zip_source_open(source) != 0) return std::nullopt;
    std::string bytes(stat.size, '\0');
    const zip_int64_t read = zip_source_read(source, bytes.data(), stat.size);
    zip_source_close(source);
    if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size) return std::nullopt;
    return bytes;
}

}  // namespace

std::optional<std::string> zip_package(const std::vector<core::package_part>& parts) {
    zip_error_t error;
    zip_error_init(&error);
    source_ptr buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
    if (!buffer) return std::nullopt;
    zip_t* archive = zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error);
    zip_error_fini(&error);
    if (archive == nullptr) return std::nullopt;
    // The archive takes the source over and frees it on close; keep it to read the result.
    zip_source_keep(buffer.get());
    if (!add_parts(archive, parts) || zip_close(archive) != 0) {
        zip_discard(archive);
        return std::nullopt;
    }
    return read_all(buffer.get());
}

std::optional<std::string> export_docx(const core::workshop_state& state, const core::export_options& options) {
    return zip_package(core::export_docx_parts(state, options));
}

}  // namespace samling::server
