#include "terminal_output.hpp"

#include <streambuf>
#include <string>

#include "itaku/core/json_input.hpp"

namespace itaku::cli {

namespace {

// Collects what is written and passes it on, made printable, a whole line (or a full buffer
// ending on a character boundary) at a time, so that a multi-byte character is never split.
class PrintableBuffer : public std::streambuf {
 public:
  explicit PrintableBuffer(std::streambuf* target) : target_(target) {}

  ~PrintableBuffer() override { flush(pending_.size()); }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    pending_.push_back(traits_type::to_char_type(c));
    if (c == '\n' || pending_.size() >= kBufferBytes) flush(boundary());
    return c;
  }

  std::streamsize xsputn(const char* s, std::streamsize n) override {
    pending_.append(s, static_cast<std::size_t>(n));
    const auto newline = pending_.rfind('\n');
    if (newline != std::string::npos) flush(newline + 1);
    if (pending_.size() >= kBufferBytes) flush(boundary());
    return n;
  }

  int sync() override {
    flush(pending_.size());
    return target_->pubsync();
  }

 private:
  static constexpr std::size_t kBufferBytes = 64 * 1024;

  // The end of the last complete UTF-8 character in pending_.
  std::size_t boundary() const {
    std::size_t start = pending_.size();
    while (start > 0 && (static_cast<unsigned char>(pending_[start - 1]) & 0xC0) == 0x80) --start;
    if (start == 0) return pending_.size();
    const auto lead = static_cast<unsigned char>(pending_[start - 1]);
    const std::size_t length = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : 4;
    return pending_.size() - (start - 1) >= length ? pending_.size() : start - 1;
  }

  void flush(std::size_t bytes) {
    if (bytes == 0) return;
    const auto text = printable(std::string_view(pending_).substr(0, bytes), LineBreaks::Keep);
    target_->sputn(text.data(), static_cast<std::streamsize>(text.size()));
    pending_.erase(0, bytes);
  }

  std::streambuf* target_;
  std::string pending_;
};

struct Filter {
  Filter(std::ostream& s) : stream(s), original(s.rdbuf()), buffer(original) { stream.rdbuf(&buffer); }
  ~Filter() {
    stream.flush();
    stream.rdbuf(original);
  }
  std::ostream& stream;
  std::streambuf* original;
  PrintableBuffer buffer;
};

}  // namespace

std::shared_ptr<void> filter_terminal_output(std::ostream& stream) { return std::make_shared<Filter>(stream); }

}  // namespace itaku::cli
