#include "payback/generate/generate.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "payback/generate/bank_generator.h"
#include "payback/generate/calendar.h"
#include "payback/generate/call_center_generator.h"
#include "payback/generate/messaging_generator.h"
#include "payback/generate/sms_generator.h"
#include "payback/generate/web_generator.h"

namespace payback {

Result<GenerateSummary> GenerateDataset(const GenerateOptions& options) {
  if (std::find(kGeneratePresets.begin(), kGeneratePresets.end(), options.preset) ==
      kGeneratePresets.end()) {
    return Status::Usage("unknown preset \"" + options.preset +
                         "\" (known: messaging, sms, call_center, bank, web)");
  }
  // User indices are 32-bit in the generators; two billion users is far beyond any demo.
  if (options.users < 1 || options.users > (int64_t{1} << 31) - 1) {
    return Status::Usage("--users must be between 1 and 2147483647");
  }
  if (options.end_day < generate::DaysFromCivil(2000, 1, 1) ||
      options.end_day > generate::DaysFromCivil(2100, 1, 1)) {
    return Status::Usage("the data must end between 2000 and 2099");
  }
  if (options.days < 1 || options.days > 3650) {
    return Status::Usage("--days must be between 1 and 3650");
  }
  if (options.out_dir.empty()) return Status::Usage("no output directory given");
  std::error_code error;
  std::filesystem::create_directories(options.out_dir, error);
  if (error || !std::filesystem::is_directory(options.out_dir, error)) {
    return Status::IoError("cannot create directory " + options.out_dir +
                           (error ? ": " + error.message() : std::string()));
  }
  if (options.preset == "sms") return GenerateSms(options);
  if (options.preset == "call_center") return GenerateCallCenter(options);
  if (options.preset == "bank") return GenerateBank(options);
  if (options.preset == "web") return GenerateWeb(options);
  return GenerateMessaging(options);
}

}  // namespace payback
