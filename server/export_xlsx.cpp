#include "server/export_xlsx.hpp"

#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "core/export_tables.hpp"

namespace samling::server {

namespace {

using core::exporting::table;

/** Columns wide enough to read: text columns wide, numbers and dates narrow. */
double column_width(const std::string& name) {
    if (name == "text" || name == "step" || name == "details") return 60;
    if (name == "position" || name == "votes") return 9;
    if (name == "created_at") return 21;
    return 24;
}

void write_sheet(lxw_workbook* book, lxw_format* bold, const table& t) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, t.name.c_str());
    for (std::size_t c = 0; c < t.header.size(); ++c) {
        const auto column = static_cast<lxw_col_t>(c);
        worksheet_set_column(sheet, column, column, column_width(t.header[c]), nullptr);
        worksheet_write_string(sheet, 0, column, t.header[c].c_str(), bold);
    }
    worksheet_freeze_panes(sheet, 1, 0);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto row = static_cast<lxw_row_t>(r + 1);
        for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
            const auto& cell = t.rows[r][c];
            const auto column = static_cast<lxw_col_t>(c);
            if (cell.number) {
                worksheet_write_number(sheet, row, column, static_cast<double>(*cell.number), nullptr);
            } else if (!cell.text.empty()) {
                worksheet_write_string(sheet, row, column, cell.text.c_str(), nullptr);
            }
        }
    }
}

/** A fresh, empty file of our own in the temporary folder; "" when none can be made. */
std::string temporary_path() {
    std::string path = (std::filesystem::temp_directory_path() / "samling-XXXXXX.xlsx").string();
    const int fd = ::mkstemps(path.data(), 5);
    if (fd < 0) return {};
    ::close(fd);
    return path;
}

}  // namespace

std::optional<std::string> export_xlsx(const core::workshop_state& state) {
    const std::string path = temporary_path();
    if (path.empty()) return std::nullopt;
    lxw_workbook* book = workbook_new(path.c_str());
    if (book == nullptr) {
        std::filesystem::remove(path);
        return std::nullopt;
    }
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    for (const table& t : {core::exporting::notes_table(state), core::exporting::steps_table(state),
                           core::exporting::themes_table(state)}) {
        write_sheet(book, bold, t);
    }
    const bool written = workbook_close(book) == LXW_NO_ERROR;
    std::ostringstream bytes;
    if (written) bytes << std::ifstream(path, std::ios::binary).rdbuf();
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    if (!written || bytes.str().empty()) return std::nullopt;
    return bytes.str();
}

}  // namespace samling::server
