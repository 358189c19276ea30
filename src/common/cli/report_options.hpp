// What both commands take to tell how the work goes: --summary text|json
// and --progress / --no-progress.
#pragma once

#include <string>
#include <string_view>

#include "common/records/status_line.hpp"
#include "common/records/summary_json.hpp"
#include "common/result.hpp"

namespace CLI {
class App;
}

namespace dgram {

// As given (see option_values.hpp).
struct ReportArguments {
  std::string summary = "text";
  bool progress = false;
  bool no_progress = false;
};

// `command_name`: "listen" or "send", whose words the help uses.
void add_report_options(CLI::App* command, ReportArguments& r, std::string_view command_name);

struct ReportOptions {
  SummaryFormat summary = SummaryFormat::text;
  ProgressMode progress = ProgressMode::automatic;
};

Result<ReportOptions> make_report_options(const ReportArguments& raw);

}  // namespace dgram
