#include "itaku/documents/pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace itaku::documents {

namespace {

// BIZ UD ゴシック and 明朝 (Morisawa's universal-design faces, Debian's fonts-morisawa-bizud-*):
// Japanese glyphs throughout, and TrueType outlines, which cairo embeds as small subsets (a
// page takes tens of KB). Noto CJK, whose CFF outlines cairo 1.16 embeds with every subroutine
// of the font (about 1 MB a document), is only the fallback for a character they lack. BIZ UD
// 明朝 has no bold face (titles are set in its regular weight); bold 明朝 would be emboldened.
constexpr const char* kSansFamily = "BIZ UDGothic,Noto Sans CJK JP";
constexpr const char* kSerifFamily = "BIZ UDMincho,Noto Serif CJK JP";

struct GObjectUnref {
  void operator()(gpointer object) const { g_object_unref(object); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;

// cairo hands the PDF over in pieces; they are collected in a string.
cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (const std::bad_alloc&) {
    return CAIRO_STATUS_NO_MEMORY;
  }
}

Error cairo_failure(cairo_status_t status) {
  return make_error(ErrorKind::Internal, "document.render_failed", "PDFを作成できませんでした",
                    "the PDF could not be rendered")
      .with("cairo", cairo_status_to_string(status));
}

cairo_pdf_metadata_t to_cairo(InfoKey key) {
  switch (key) {
    case InfoKey::Title: return CAIRO_PDF_METADATA_TITLE;
    case InfoKey::Author: return CAIRO_PDF_METADATA_AUTHOR;
    case InfoKey::Subject: return CAIRO_PDF_METADATA_SUBJECT;
    case InfoKey::Keywords: return CAIRO_PDF_METADATA_KEYWORDS;
    case InfoKey::Creator: return CAIRO_PDF_METADATA_CREATOR;
  }
  return CAIRO_PDF_METADATA_TITLE;
}

// --- Reading strings back out of PDF bytes (ISO 32000-1, 7.3.4) ---

bool is_pdf_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0'; }

bool is_pdf_delimiter(char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' ||
         c == '%';
}

struct PdfString {
  std::string bytes;
  std::size_t end = 0;  // offset just past the closing delimiter
};

// A literal string starting at the "(" at `at`: escapes, nested balanced parentheses and
// end-of-line normalisation as the standard describes them.
std::optional<PdfString> read_literal_string(std::string_view pdf, std::size_t at) {
  std::string out;
  int depth = 1;
  std::size_t i = at + 1;
  while (i < pdf.size()) {
    const char c = pdf[i++];
    if (c == '\\') {
      if (i >= pdf.size()) return std::nullopt;
      const char e = pdf[i++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case '(':
        case ')':
        case '\\': out += e; break;
        case '\r':  // a backslash at the end of a line continues the string on the next
          if (i < pdf.size() && pdf[i] == '\n') ++i;
          break;
        case '\n': break;
        default:
          if (e >= '0' && e <= '7') {
            unsigned value = static_cast<unsigned>(e - '0');
            for (int digits = 1; digits < 3 && i < pdf.size() && pdf[i] >= '0' && pdf[i] <= '7'; ++digits)
              value = value * 8 + static_cast<unsigned>(pdf[i++] - '0');
            out += static_cast<char>(value & 0xFFu);
          } else {
            out += e;  // an unknown escape: the backslash is ignored
          }
      }
    } else if (c == '(') {
      ++depth;
      out += c;
    } else if (c == ')') {
      if (--depth == 0) return PdfString{std::move(out), i};
      out += c;
    } else if (c == '\r') {  // any end of line inside a string reads as \n
      if (i < pdf.size() && pdf[i] == '\n') ++i;
      out += '\n';
    } else {
      out += c;
    }
  }
  return std::nullopt;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<PdfString> read_hex_string(std::string_view pdf, std::size_t at) {
  std::string out;
  int high = -1;
  for (std::size_t i = at + 1; i < pdf.size(); ++i) {
    const char c = pdf[i];
    if (c == '>') {
      if (high >= 0) out += static_cast<char>(high << 4);  // an odd last digit is followed by 0
      return PdfString{std::move(out), i + 1};
    }
    if (is_pdf_space(c)) continue;
    const int v = hex_value(c);
    if (v < 0) return std::nullopt;
    if (high < 0) {
      high = v;
    } else {
      out += static_cast<char>((high << 4) | v);
      high = -1;
    }
  }
  return std::nullopt;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Text strings are UTF-16BE behind a byte order mark (what cairo writes for anything but
// plain ASCII), UTF-8 behind one (PDF 2.0), or else PDFDocEncoding, which agrees with ASCII;
// its upper half is read as Latin-1, close enough for text that itaku never writes.
std::optional<std::string> text_string_to_utf8(std::string_view bytes) {
  if (bytes.size() >= 2 && bytes[0] == '\xFE' && bytes[1] == '\xFF') {
    if (bytes.size() % 2 != 0) return std::nullopt;
    std::string out;
    for (std::size_t i = 2; i < bytes.size(); i += 2) {
      char32_t unit = (static_cast<unsigned char>(bytes[i]) << 8) | static_cast<unsigned char>(bytes[i + 1]);
      if (unit >= 0xD800 && unit <= 0xDBFF) {
        if (i + 3 >= bytes.size()) return std::nullopt;
        const char32_t low = (static_cast<unsigned char>(bytes[i + 2]) << 8) | static_cast<unsigned char>(bytes[i + 3]);
        if (low < 0xDC00 || low > 0xDFFF) return std::nullopt;
        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
        return std::nullopt;
      }
      append_utf8(out, unit);
    }
    return out;
  }
  if (bytes.starts_with("\xEF\xBB\xBF")) return std::string(bytes.substr(3));
  std::string out;
  for (const char c : bytes) append_utf8(out, static_cast<unsigned char>(c));
  return out;
}

// --- Line breaking between words ---

// A byte range of text that is not broken across lines when it fits on one.
struct Phrase {
  int start = 0;
  int end = 0;
};

// The phrases (文節) of text, as ICU's phrase-based line breaking for Japanese finds them
// ("暗号化USBメモリ" → 暗号 / 化 / USBメモリ): pango alone breaks Japanese between any two
// characters, 「暗号化USBメモ」「リ」 in a narrow column. Empty when ICU cannot tell.
std::vector<Phrase> phrases(std::string_view text) {
  // A break iterator is costly to make and not thread-safe: one per thread, made once.
  thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> made(
        icu::BreakIterator::createLineInstance(icu::Locale("ja", nullptr, nullptr, "lw=phrase"), status));
    return U_FAILURE(status) ? nullptr : std::move(made);
  }();
  std::vector<Phrase> out;
  if (!iterator) return out;
  UErrorCode status = U_ZERO_ERROR;
  // Over UTF-8 text the iterator's positions are byte offsets, as pango's attributes take them.
  UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<std::int64_t>(text.size()), &status);
  if (U_SUCCESS(status)) iterator->setText(utext, status);
  if (U_SUCCESS(status)) {
    int start = iterator->first();
    for (int end = iterator->next(); end != icu::BreakIterator::DONE; end = iterator->next()) {
      out.push_back({start, end});
      start = end;
    }
  }
  // The iterator keeps its own clone of the text; the original is closed here.
  utext_close(utext);
  if (U_FAILURE(status)) out.clear();
  return out;
}

// The width of text on one line, in pango units.
int natural_width(PangoLayout* layout, std::string_view text) {
  LayoutPtr line(pango_layout_copy(layout));
  pango_layout_set_attributes(line.get(), nullptr);
  pango_layout_set_width(line.get(), -1);
  pango_layout_set_text(line.get(), text.data(), static_cast<int>(text.size()));
  int w = 0;
  int h = 0;
  pango_layout_get_size(line.get(), &w, &h);
  return w;
}

// Lets pango break a line only between phrases, except inside a phrase too wide for a line of
// its own, which is broken between characters as before.
void break_between_phrases(PangoLayout* layout, std::string_view text, int width) {
  const auto found = phrases(text);
  const auto keep_whole = [&](auto&& fits) {
    PangoAttrList* attributes = pango_attr_list_new();
    for (const Phrase& phrase : found) {
      if (phrase.end - phrase.start < 2 || !fits(phrase)) continue;
      PangoAttribute* no_break = pango_attr_allow_breaks_new(FALSE);
      no_break->start_index = static_cast<guint>(phrase.start);
      no_break->end_index = static_cast<guint>(phrase.end);
      pango_attr_list_insert(attributes, no_break);
    }
    pango_layout_set_attributes(layout, attributes);
    pango_attr_list_unref(attributes);
  };
  keep_whole([](const Phrase&) { return true; });
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout, &w, &h);
  if (w <= width) return;
  // Some phrase is wider than the line: only the phrases that fit are kept whole.
  keep_whole([&](const Phrase& phrase) {
    return natural_width(layout, text.substr(static_cast<std::size_t>(phrase.start),
                                             static_cast<std::size_t>(phrase.end - phrase.start))) <= width;
  });
}

}  // namespace

struct PdfDocument::State {
  std::string bytes;
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;
  PangoContext* pango = nullptr;
  bool finished = false;

  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() { release(); }

  void release() {
    if (pango != nullptr) g_object_unref(pango);
    if (cr != nullptr) cairo_destroy(cr);
    if (surface != nullptr) cairo_surface_destroy(surface);
    pango = nullptr;
    cr = nullptr;
    surface = nullptr;
  }

  LayoutPtr layout(std::string_view text, double width, const TextStyle& style) const {
    LayoutPtr layout(pango_layout_new(pango));
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family_static(font, style.face == Face::Serif ? kSerifFamily : kSansFamily);
    pango_font_description_set_weight(font, style.weight == Weight::Bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(font, style.size_pt * PANGO_SCALE);
    pango_layout_set_font_description(layout.get(), font);
    pango_font_description_free(font);
    pango_layout_set_width(layout.get(), pango_units_from_double(width));
    pango_layout_set_wrap(layout.get(), style.wrap == Wrap::Characters ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), style.align == Align::Center  ? PANGO_ALIGN_CENTER
                                             : style.align == Align::Right ? PANGO_ALIGN_RIGHT
                                                                           : PANGO_ALIGN_LEFT);
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    if (style.wrap == Wrap::Words) break_between_phrases(layout.get(), text, pango_units_from_double(width));
    return layout;
  }
};

Result<PdfDocument> PdfDocument::create(double width_pt, double height_pt) {
  auto state = std::make_unique<State>();
  state->surface = cairo_pdf_surface_create_for_stream(append_to_string, &state->bytes, width_pt, height_pt);
  if (const auto status = cairo_surface_status(state->surface); status != CAIRO_STATUS_SUCCESS)
    return cairo_failure(status);
  state->cr = cairo_create(state->surface);
  if (const auto status = cairo_status(state->cr); status != CAIRO_STATUS_SUCCESS) return cairo_failure(status);

  // Glyph positions must not be snapped to some device's pixel grid: the PDF is printed.
  state->pango = pango_cairo_create_context(state->cr);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(state->pango, options);
  cairo_font_options_destroy(options);
  // Han characters take their Japanese forms.
  pango_context_set_language(state->pango, pango_language_from_string("ja-JP"));
  return PdfDocument(std::move(state), width_pt, height_pt);
}

PdfDocument::PdfDocument(std::unique_ptr<State> state, double width, double height)
    : state_(std::move(state)), width_(width), height_(height) {}
PdfDocument::PdfDocument(PdfDocument&&) noexcept = default;
PdfDocument& PdfDocument::operator=(PdfDocument&&) noexcept = default;
PdfDocument::~PdfDocument() = default;

void PdfDocument::set_info(InfoKey key, const std::string& value) {
  cairo_pdf_surface_set_metadata(state_->surface, to_cairo(key), value.c_str());
}

double PdfDocument::measure(std::string_view text, double width, const TextStyle& style) const {
  if (text.empty()) return 0;
  const LayoutPtr layout = state_->layout(text, width, style);
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout.get(), &w, &h);
  return pango_units_to_double(h);
}

double PdfDocument::text(double x, double y, double width, std::string_view text, const TextStyle& style) {
  if (text.empty()) return 0;
  const LayoutPtr layout = state_->layout(text, width, style);
  cairo_t* cr = state_->cr;
  cairo_save(cr);
  cairo_set_source_rgb(cr, style.gray, style.gray, style.gray);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout.get());
  cairo_restore(cr);
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout.get(), &w, &h);
  return pango_units_to_double(h);
}

void PdfDocument::stroke_rect(double x, double y, double width, double height, double line_width) {
  cairo_t* cr = state_->cr;
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, line_width);
  cairo_rectangle(cr, x, y, width, height);
  cairo_stroke(cr);
  cairo_restore(cr);
}

void PdfDocument::fill_rect(double x, double y, double width, double height, double gray) {
  cairo_t* cr = state_->cr;
  cairo_save(cr);
  cairo_set_source_rgb(cr, gray, gray, gray);
  cairo_rectangle(cr, x, y, width, height);
  cairo_fill(cr);
  cairo_restore(cr);
}

void PdfDocument::line(double x0, double y0, double x1, double y1, double line_width) {
  cairo_t* cr = state_->cr;
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, line_width);
  cairo_move_to(cr, x0, y0);
  cairo_line_to(cr, x1, y1);
  cairo_stroke(cr);
  cairo_restore(cr);
}

Result<void> PdfDocument::qr_code(double x, double y, double size, std::string_view text) {
  const std::string data(text);
  QRcode* code = data.empty() || data.find('\0') != std::string::npos
                     ? nullptr
                     : QRcode_encodeString(data.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == nullptr)
    return make_error(ErrorKind::Invalid, "document.qr_unencodable", "QRコードにできない内容です",
                      "the text cannot be encoded as a QR code")
        .with("length", std::to_string(text.size()));
  constexpr int kQuietZone = 4;
  const int modules = code->width;
  const double module = size / (modules + 2 * kQuietZone);
  cairo_t* cr = state_->cr;
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  // Dark modules are joined into runs along each row and filled as one path, so viewers
  // draw no hairline seams between neighbouring modules.
  for (int row = 0; row < modules; ++row) {
    int col = 0;
    while (col < modules) {
      if ((code->data[row * modules + col] & 1) == 0) {
        ++col;
        continue;
      }
      const int start = col;
      while (col < modules && (code->data[row * modules + col] & 1) != 0) ++col;
      cairo_rectangle(cr, x + (kQuietZone + start) * module, y + (kQuietZone + row) * module, (col - start) * module,
                      module);
    }
  }
  cairo_fill(cr);
  cairo_restore(cr);
  QRcode_free(code);
  return ok();
}

void PdfDocument::next_page() { cairo_show_page(state_->cr); }

Result<std::string> PdfDocument::finish() {
  ITAKU_CHECK(!state_->finished);
  state_->finished = true;
  cairo_surface_t* surface = cairo_surface_reference(state_->surface);
  state_->release();
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) return cairo_failure(status);
  return std::move(state_->bytes);
}

bool is_utf8(std::string_view text) {
  return text.empty() || g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr) != 0;
}

std::optional<std::string> find_info_string(std::string_view pdf, std::string_view key, std::string_view prefix) {
  // Anything else that merely contains the key is not a PDF (the header may follow a little
  // junk, which readers tolerate).
  if (pdf.substr(0, 1024).find("%PDF-") == std::string_view::npos) return std::nullopt;
  // Built by append: "/" + std::string(key) trips a false -Wrestrict in g++ 12 at -O3.
  std::string name(1, '/');
  name.append(key);
  std::optional<std::string> found;
  std::size_t pos = 0;
  while ((pos = pdf.find(name, pos)) != std::string_view::npos) {
    std::size_t at = pos + name.size();
    pos = at;
    if (at < pdf.size() && !is_pdf_space(pdf[at]) && !is_pdf_delimiter(pdf[at])) continue;  // "/KeywordsX"
    while (at < pdf.size() && is_pdf_space(pdf[at])) ++at;
    if (at >= pdf.size()) break;
    std::optional<PdfString> value;
    if (pdf[at] == '(')
      value = read_literal_string(pdf, at);
    else if (pdf[at] == '<' && at + 1 < pdf.size() && pdf[at + 1] != '<')
      value = read_hex_string(pdf, at);
    if (!value) continue;
    // Searching resumes after the string, so a value that itself spells "/Keywords (…)" is
    // not mistaken for an entry.
    pos = value->end;
    auto text = text_string_to_utf8(value->bytes);
    if (text && text->starts_with(prefix)) found = std::move(text);
  }
  return found;
}

}  // namespace itaku::documents
