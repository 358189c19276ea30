#include "common/cli/report_options.hpp"

#include "common/cli/cli11.hpp"

#include "common/cli/option_rules.hpp"

namespace dgram {

void add_report_options(CLI::App* command, ReportArguments& r, std::string_view command_name) {
  command
      ->add_option("--summary", r.summary,
                   command_name == "send"
                       ? "the summary at exit on stderr: text (the default; send prints none) "
                         "or json (one JSON object on one line)"
                       : "the summary at exit on stderr: text (the default) or json (one JSON "
                         "object on one line)")
      ->type_name("SUMMARY");
  auto* progress = command->add_flag(
      "--progress", r.progress,
      with_rules(command_name, "--progress",
                 "a live status line on stderr, even when it is not a terminal (a line a second "
                 "there)"));
  command
      ->add_flag("--no-progress", r.no_progress,
                 with_rules(command_name, "--no-progress",
                            "no live status line (by default there is one when stderr is a "
                            "terminal)"))
      ->excludes(progress);
}

Result<ReportOptions> make_report_options(const ReportArguments& raw) {
  auto summary = parse_summary_format(raw.summary);
  if (!summary) return summary.take_error();
  ReportOptions options;
  options.summary = *summary;
  if (raw.progress) options.progress = ProgressMode::on;
  if (raw.no_progress) options.progress = ProgressMode::off;
  return options;
}

}  // namespace dgram
