#pragma once

#include <string>
#include <string_view>

#include "payback/status.h"

namespace payback {

/// The HTTP status of an engine error (docs/api.md, "Errors"): bad input and usage 400, not
/// found 404, already exists 409, anything else (I/O, corruption, internal) 500.
int HttpStatusOf(StatusCode code);

/// The stable error code of the API for an engine status: `invalid_input`, `usage`,
/// `not_found`, `already_exists`, `io_error`, `corruption`, `internal`.
std::string_view ApiErrorCode(StatusCode code);

/// The JSON body of an error: {"error": {"code", "message", "location"?}}; `location` carries
/// the file, line, field and column a bad-input status names.
std::string ApiErrorJson(std::string_view code, const Status& status);
/// The same for an error the server itself raises (unauthorized, forbidden, ...).
std::string ApiErrorJson(std::string_view code, std::string_view message);

}  // namespace payback
