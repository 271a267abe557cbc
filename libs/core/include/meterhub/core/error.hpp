#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <caf/error.hpp>
#include <caf/make_message.hpp>
#include <caf/message.hpp>

/// Errors as values, readable anywhere (CLIs, logs, test failures), with no registry to keep in sync.
///
/// Each library declares `enum class ..._errc : std::uint8_t` with a `to_string`, makes it a CAF error code enum
/// with `CAF_ERROR_CODE_ENUM(enum, "category")`, and creates errors with `meterhub::make_error(code, detail)`, which
/// stores "code_name: detail" as the error's context. `describe()` prints "category: code_name: detail".
namespace meterhub {

/// A `caf::error` of `code` whose context is the code's name and, when given, the detail.
template <class Code>
caf::error make_error(Code code, std::string_view detail = {}) {
  std::string text{to_string(code)};
  if (!detail.empty()) {
    text += ": ";
    text.append(detail);
  }
  return caf::make_error(code, std::move(text));
}

/// "category: code_name: detail" for errors made by `make_error`, CAF's own rendering otherwise, "" for no error.
std::string describe(const caf::error& err);

} // namespace meterhub
