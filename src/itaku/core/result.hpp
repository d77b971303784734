#pragma once
// Result<T>: a T or an Error. TRY(expr) returns the error from the enclosing function or
// yields the value (GCC/Clang statement expression, as in SerenityOS's AK/Try.h).

#include <type_traits>
#include <utility>
#include <variant>

#include "itaku/core/assert.hpp"
#include "itaku/core/error.hpp"

namespace itaku {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    ITAKU_CHECK(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    ITAKU_CHECK(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    ITAKU_CHECK(ok());
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& {
    ITAKU_CHECK(!ok());
    return std::get<1>(state_);
  }
  Error&& error() && {
    ITAKU_CHECK(!ok());
    return std::get<1>(std::move(state_));
  }

  T release_value() { return std::move(*this).value(); }
  Error release_error() { return std::move(*this).error(); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& {
    ITAKU_CHECK(failed_);
    return error_;
  }
  Error release_error() {
    ITAKU_CHECK(failed_);
    return std::move(error_);
  }
  void release_value() {}

 private:
  Error error_;
  bool failed_ = false;
};

inline Result<void> ok() { return {}; }

}  // namespace itaku

// NOLINTBEGIN(cppcoreguidelines-macro-usage)
#define TRY(expr)                               \
  ({                                            \
    auto _itaku_try_result = (expr);            \
    if (!_itaku_try_result.ok()) [[unlikely]]   \
      return _itaku_try_result.release_error(); \
    _itaku_try_result.release_value();          \
  })
// NOLINTEND(cppcoreguidelines-macro-usage)
