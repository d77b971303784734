#pragma once
// Drawing printed documents (receipts, disposal certificates, reports) into an in-memory PDF
// with cairo and pango, in Japanese, with the BIZ UD fonts embedded as subsets.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "itaku/core/result.hpp"

namespace itaku::documents {

inline constexpr double kA4WidthPt = 595.276;
inline constexpr double kA4HeightPt = 841.89;

// Millimetres to PDF points.
constexpr double mm(double millimetres) { return millimetres * 72.0 / 25.4; }

// Entries of the PDF document information dictionary.
enum class InfoKey { Title, Author, Subject, Keywords, Creator };

enum class Face { Sans, Serif };
enum class Weight { Regular, Bold };
enum class Align { Left, Center, Right };
// How text too long for its width is broken: between words where it can (prose; Japanese
// between phrases, so that 「暗号化USBメモリ」 never ends a line at 「メモ」), or at any character
// (URLs, identifiers).
enum class Wrap { Words, Characters };

struct TextStyle {
  double size_pt = 10.0;
  Face face = Face::Sans;
  Weight weight = Weight::Regular;
  Align align = Align::Left;
  Wrap wrap = Wrap::Words;
  double gray = 0.0;  // 0 black … 1 white
};

// A PDF document being drawn: pages of one size, coordinates in points from the top left.
class PdfDocument {
 public:
  static Result<PdfDocument> create(double width_pt = kA4WidthPt, double height_pt = kA4HeightPt);
  PdfDocument(PdfDocument&&) noexcept;
  PdfDocument& operator=(PdfDocument&&) noexcept;
  ~PdfDocument();

  double width() const { return width_; }
  double height() const { return height_; }

  // Document information (/Title, /Keywords, …); text is UTF-8.
  void set_info(InfoKey key, const std::string& value);

  // The height text takes when wrapped to `width`, without drawing it.
  double measure(std::string_view text, double width, const TextStyle& style) const;
  // Draws text with its top left at (x, y), wrapped to `width`; returns the height used.
  double text(double x, double y, double width, std::string_view text, const TextStyle& style);

  void stroke_rect(double x, double y, double width, double height, double line_width = 0.5);
  void fill_rect(double x, double y, double width, double height, double gray);
  void line(double x0, double y0, double x1, double y1, double line_width = 0.5);
  // A QR code (error correction level M) of `text`, `size` points square including its
  // 4-module quiet zone; fails when the text does not fit in a QR code.
  Result<void> qr_code(double x, double y, double size, std::string_view text);

  // Ends the current page; drawing continues on a fresh one.
  void next_page();
  // Ends the document and returns the PDF bytes. Nothing may be drawn afterwards.
  Result<std::string> finish();

 private:
  struct State;
  explicit PdfDocument(std::unique_ptr<State> state, double width, double height);

  std::unique_ptr<State> state_;
  double width_ = 0;
  double height_ = 0;
};

// Whether text is valid UTF-8 (pango replaces invalid bytes and complains on stderr).
bool is_utf8(std::string_view text);

// The text of an entry of the document information dictionary (`key` without the slash, e.g.
// "Keywords") in PDF bytes, decoded from a literal or hex string and from UTF-16 if it has a
// byte order mark, as UTF-8. When `prefix` is given, only a value starting with it counts.
// Incremental updates may repeat the dictionary; the last matching value wins.
std::optional<std::string> find_info_string(std::string_view pdf, std::string_view key, std::string_view prefix = {});

}  // namespace itaku::documents
