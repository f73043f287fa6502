#include "payback/server/api_error.h"

#include <nlohmann/json.hpp>

namespace payback {

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidInput:
    case StatusCode::kUsage:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kIoError:
    case StatusCode::kCorruption:
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

std::string_view ApiErrorCode(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidInput:
      return "invalid_input";
    case StatusCode::kUsage:
      return "usage";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kAlreadyExists:
      return "already_exists";
    case StatusCode::kIoError:
      return "io_error";
    case StatusCode::kCorruption:
      return "corruption";
    case StatusCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::string ApiErrorJson(std::string_view code, const Status& status) {
  nlohmann::ordered_json error;
  error["code"] = code;
  error["message"] = status.ToString();
  const ErrorLocation& location = status.location();
  if (!location.file.empty() || location.line > 0 || !location.field.empty() ||
      location.column > 0) {
    nlohmann::ordered_json where;
    if (!location.file.empty()) where["file"] = location.file;
    if (location.line > 0) where["line"] = location.line;
    if (!location.field.empty()) where["field"] = location.field;
    if (location.column > 0) where["column"] = location.column;
    error["location"] = std::move(where);
  }
  nlohmann::ordered_json body;
  body["error"] = std::move(error);
  return body.dump();
}

std::string ApiErrorJson(std::string_view code, std::string_view message) {
  nlohmann::ordered_json body;
  body["error"] = {{"code", code}, {"message", message}};
  return body.dump();
}

}  // namespace payback
