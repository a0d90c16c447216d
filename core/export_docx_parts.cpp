// The fixed parts of the DOCX package: content types, relationships, styles, numbering, settings
// and core properties. Only the language, title and date vary.
#include <string>

#include "core/export_docx.hpp"
#include "core/export_text.hpp"
#include "core/export_wml.hpp"

namespace samling::core {

namespace {

constexpr std::string_view xml_head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr std::string_view wml_ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view relationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

constexpr std::string_view content_types = R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>
)";

std::string package_relationships() {
    return std::string(xml_head) +
           "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\n"
           "<Relationship Id=\"rId1\" Type=\"" + std::string(relationship) + "officeDocument\" Target=\"word/document.xml\"/>\n"
           "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
           "core-properties\" Target=\"docProps/core.xml\"/>\n</Relationships>\n";
}

std::string document_relationships() {
    std::string out = std::string(xml_head) +
                      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\n";
    int id = 0;
    for (std::string_view part : {"styles", "numbering", "settings"}) {
        out += "<Relationship Id=\"rId" + std::to_string(++id) + "\" Type=\"" + std::string(relationship) +
               std::string(part) + "\" Target=\"" + std::string(part) + ".xml\"/>\n";
    }
    return out + "</Relationships>\n";
}

/** A paragraph style; `heading_level` 1..3 gives it an outline level, 0 none. */
std::string paragraph_style(std::string_view id, std::string_view name, int heading_level, std::string_view ppr,
                            std::string_view rpr) {
    std::string out = "<w:style w:type=\"paragraph\" w:styleId=\"" + std::string(id) + "\"><w:name w:val=\"" +
                      std::string(name) + "\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>";
    if (heading_level > 0) out += "<w:uiPriority w:val=\"9\"/>";
    out += "<w:qFormat/><w:pPr>" + std::string(ppr);
    // Word's navigation pane and TOC field read the outline level, counted from 0.
    if (heading_level > 0) out += "<w:outlineLvl w:val=\"" + std::to_string(heading_level - 1) + "\"/>";
    return out + "</w:pPr><w:rPr>" + std::string(rpr) + "</w:rPr></w:style>\n";
}

std::string styles(const std::string& lang) {
    constexpr std::string_view keep = "<w:keepNext/><w:keepLines/>";
    std::string out = std::string(xml_head) + "<w:styles xmlns:w=\"" + std::string(wml_ns) + "\">\n" +
                      "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" "
                      "w:eastAsia=\"Calibri\" w:cs=\"Calibri\"/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"" +
                      lang + "\" w:eastAsia=\"" + lang + "\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>"
                      "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr>"
                      "</w:pPrDefault></w:docDefaults>\n"
                      "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
                      "<w:qFormat/></w:style>\n";
    out += paragraph_style("Title", "Title", 0, "<w:spacing w:after=\"240\"/>", "<w:sz w:val=\"52\"/><w:szCs w:val=\"52\"/>");
    out += paragraph_style("Heading1", "heading 1", 1, std::string(keep) + "<w:spacing w:before=\"360\" w:after=\"120\"/>",
                           "<w:b/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>");
    out += paragraph_style("Heading2", "heading 2", 2, std::string(keep) + "<w:spacing w:before=\"240\" w:after=\"80\"/>",
                           "<w:b/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/>");
    out += paragraph_style("Heading3", "heading 3", 3, std::string(keep) + "<w:spacing w:before=\"200\" w:after=\"60\"/>",
                           "<w:b/><w:sz w:val=\"23\"/><w:szCs w:val=\"23\"/>");
    out += paragraph_style("ListBullet", "List Bullet", 0, "<w:spacing w:after=\"60\"/><w:ind w:left=\"720\" w:hanging=\"360\"/>", "");
    out += paragraph_style("ListNumber", "List Number", 0, "<w:spacing w:after=\"60\"/><w:ind w:left=\"720\" w:hanging=\"360\"/>", "");
    out += "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
           "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" "
           "w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar>"
           "</w:tblPr></w:style>\n<w:style w:type=\"table\" w:styleId=\"RecapTable\"><w:name w:val=\"Recap Table\"/>"
           "<w:basedOn w:val=\"TableNormal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:tblPr><w:tblBorders>";
    for (std::string_view side : {"top", "left", "bottom", "right", "insideH", "insideV"}) {
        out += "<w:" + std::string(side) + " w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>";
    }
    return out + "</w:tblBorders></w:tblPr></w:style>\n</w:styles>\n";
}

/** A one-level list definition: bullets or decimal numbers. */
std::string abstract_list(int id, std::string_view format, std::string_view text) {
    return "<w:abstractNum w:abstractNumId=\"" + std::to_string(id) +
           "\"><w:multiLevelType w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"" +
           std::string(format) + "\"/><w:lvlText w:val=\"" + std::string(text) +
           "\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"720\" w:hanging=\"360\"/></w:pPr></w:lvl></w:abstractNum>\n";
}

std::string numbering() {
    // Abstract definitions first, then the instances paragraphs point at (numId 1 and 2).
    return std::string(xml_head) + "<w:numbering xmlns:w=\"" + std::string(wml_ns) + "\">\n" +
           abstract_list(0, "bullet", "•") + abstract_list(1, "decimal", "%1.") +
           "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>\n"
           "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>\n</w:numbering>\n";
}

std::string settings(const std::string& lang) {
    // Compatibility mode 15 opens the file as a current document, not in compatibility view.
    return std::string(xml_head) + "<w:settings xmlns:w=\"" + std::string(wml_ns) +
           "\"><w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>"
           "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" "
           "w:val=\"15\"/></w:compat><w:themeFontLang w:val=\"" + lang + "\"/></w:settings>\n";
}

std::string core_properties(const workshop_state& state, const std::string& lang, const export_options& options) {
    std::string out = std::string(xml_head) +
                      "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/"
                      "core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/"
                      "dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>" +
                      wml::escape(state.title) + "</dc:title><dc:language>" + lang + "</dc:language>";
    if (options.generated_at != 0) {
        out += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">" + exporting::iso_time(options.generated_at) +
               "</dcterms:created>";
    }
    return out + "</cp:coreProperties>\n";
}

}  // namespace

std::string docx_language(std::string_view language) {
    if (language == "da") return "da-DK";
    if (language == "sv") return "sv-SE";
    if (language == "nb") return "nb-NO";
    return "en-GB";
}

std::vector<package_part> export_docx_parts(const workshop_state& state, const export_options& options) {
    const std::string lang = docx_language(state.language);
    return {{"[Content_Types].xml", std::string(xml_head) + std::string(content_types)},
            {"_rels/.rels", package_relationships()},
            {"docProps/core.xml", core_properties(state, lang, options)},
            {"word/document.xml", export_docx_document(state, options)},
            {"word/_rels/document.xml.rels", document_relationships()},
            {"word/styles.xml", styles(lang)},
            {"word/numbering.xml", numbering()},
            {"word/settings.xml", settings(lang)}};
}

}  // namespace samling::core
