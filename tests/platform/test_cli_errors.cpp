// Configuration and command-line errors: the executable exits with code 2 and its message names
// the offending key (or option, or file), the bad value and what is allowed. A drive too small
// for the model, or an optimizer the dies cannot run, is refused before the run (exit 2) with the
// firmware's reason, never a crash; so is a tensor file the run would refuse at some step.
#include "training_fixture.h"
#include "vp_runner.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace osvp::platform_test {
namespace {

struct error_case {
    error_case(const char* name, std::vector<std::string> args, std::vector<std::string> message,
               std::string config_text = "")
        : name(name), args(std::move(args)), message(std::move(message)),
          config_text(std::move(config_text)) {}
    const char* name;
    std::vector<std::string> args;
    /// Substrings the error message must contain: the key, the bad value, what is allowed.
    std::vector<std::string> message;
    /// Written to the scratch file "bad.json" and passed with --config when non-empty.
    std::string config_text;
};

class CliError : public ::testing::TestWithParam<error_case> {};

TEST_P(CliError, ExitsWithTwoAndNamesKeyValueAndAllowed) {
    const error_case& c = GetParam();
    const scratch_dir scratch;
    std::vector<std::string> args = c.args;
    if (!c.config_text.empty()) {
        args.insert(args.begin(), {"--config", scratch.write("bad.json", c.config_text).string()});
    }
    const run_result r = run_vp(args, scratch);
    EXPECT_EQ(r.exit_code, 2) << describe(r);
    EXPECT_EQ(r.out, "") << "errors go to stderr only";
    for (const std::string& part : c.message) {
        EXPECT_NE(r.err.find(part), std::string::npos)
            << "message should contain '" << part << "'\n"
            << describe(r);
    }
}

const error_case cases[] = {
    {"UnknownKey", {"--set", "flash.tRR=1"}, {"flash.tRR", "unknown", "--dump-config"}},
    {"OutOfRange", {"--set", "flash.channels=0"}, {"flash.channels", "got 0", "[1, 64]"}},
    {"MissingUnit", {"--set", "flash.t_read=25"}, {"flash.t_read", "25", "ps, ns, us, ms, s"}},
    {"GpuUtilisationZero",
     {"--set", "gpu.utilisation=0"},
     {"gpu.utilisation", "got 0", "[0.001, 1]"}},
    {"GpuTimeTooLong",
     {"--model", "tiny", "--set", "gpu.tokens_per_iteration=1099511627776", "--set",
      "gpu.peak_flops=1e9"},
     {"forward and backward of model 'tiny'", "more than 1e+06 s", "gpu.tokens_per_iteration"}},
    {"BadMode", {"--mode", "fast"}, {"mode:", "'fast'", "block, replay, optimstore"}},
    {"BadWorkloadOp",
     {"--mode", "block", "--set", "workload.op=erase"},
     {"workload.op", "'erase'", "read, write, mixed"}},
    {"MalformedJsonFile", {}, {"bad.json", "not valid JSON"}, "{\"flash\": {\"channels\": 2,"},
    {"MissingFile",
     {"--config", "/nonexistent/osvp/none.json"},
     {"/nonexistent/osvp/none.json", "cannot open"}},
    {"UnknownOption", {"--frobnicate"}, {"frobnicate", "--help"}},
    {"MalformedSet", {"--set", "flash.channels"}, {"flash.channels", "key.path=value"}},
    {"SectionGivenAsValue",
     {"--set", "flash=3", "--model", "tiny"},
     {"flash:", "got 3", "section (JSON object)"}},
    {"UnwritableStats",
     {"--model", "tiny", "--stats", "/nonexistent/osvp/stats.json"},
     {"--stats", "/nonexistent/osvp/stats.json", "No such file"}},
    {"DmaBaseOutsideHostMemory",
     {"--set", "host.memory=\"1 GiB\""},
     {"host.dma_base", "4 GiB", "host.memory", "1 GiB"}},
    {"BlockRequestAboveMaxTransfer",
     {"--mode", "block", "--request-size", "2 MiB"},
     {"workload.request_size", "2 MiB", "firmware.max_transfer", "at most 1 MiB"}},
    {"TrainingRequestAboveMaxTransfer",
     {"--model", "tiny", "--set", "firmware.max_transfer=\"512 KiB\""},
     {"training.request_size", "1 MiB", "firmware.max_transfer", "at most 512 KiB"}},
    {"BaselineRequestAboveMaxTransfer",
     {"--mode", "baseline", "--model", "tiny", "--set", "baseline.request_size=\"4 MiB\""},
     {"baseline.request_size", "4 MiB", "firmware.max_transfer", "at most 1 MiB"}},
    {"NamespaceTheDriveDoesNotHave",
     {"--set", "host.namespace_id=2"},
     {"host.namespace_id", "2", "allowed: 1 to 1"}},
    {"TooFewInterruptVectors",
     {"--set", "nvme.interrupt_vectors=1"},
     {"nvme.interrupt_vectors", "1", "at least 2"}},
    {"IoQueueDeeperThanTheController",
     {"--set", "nvme.max_queue_entries=64"},
     {"host.io_queue_entries", "1024", "nvme.max_queue_entries", "at most 64"}},
    {"BlockRangeSmallerThanARequest",
     {"--mode", "block", "--set", "workload.lba_count=3"},
     {"workload.lba_count", "3", "one request", "block-device part"}},
    {"BlockRequestNotWholeLbas",
     {"--mode", "block", "--request-size", "1000 B", "--total-bytes", "2000 B"},
     {"workload.request_size", "1000 B", "LBA size 4096 B"}},
    {"TrainingRequestNotWholePages",
     {"--model", "tiny", "--set", "training.request_size=\"12 KiB\""},
     {"training.request_size", "12288 B", "flash page of 8192 B"}},
    {"UnknownModel", {"--model", "gpt5"}, {"training.model", "'gpt5'", "gpt2-2.6b, gpt2-4.1b"}},
    {"MissingModelsDirectory",
     {"--set", "training.models_dir=/nonexistent/osvp/models"},
     {"training.models_dir", "/nonexistent/osvp/models", "not a directory"}},
    {"ReservoirTooSmallForTheModel",
     {"--config", OSVP_SOURCE_DIR "/configs/small.json", "--set", "ftl.reservoir_blocks=1"},
     {"firmware refuses", "'tiny'", "needs 5 super-pages", "ftl.reservoir_blocks"}},
    {"TooFewPlanesForTheOptimizerStates",
     {"--config", OSVP_SOURCE_DIR "/configs/small.json", "--mode", "deepstore", "--set",
      "flash.planes_per_die=3"},
     {"deepstore mode", "3 states per parameter plus the gradient", "3 planes"}},
    {"LbaSizeAbove32Bits",
     {"--set", "firmware.lba_size=\"4294971392 B\""},
     {"firmware.lba_size", "4294971392 B", "power of two from 512 B"}},
    {"MaxTransferAbove32Bits",
     {"--set", "firmware.max_transfer=\"4 GiB\""},
     {"firmware.max_transfer", "4294967296 B", "from 4 KiB to 2 GiB"}},
    {"NoOverProvisioning",
     {"--set", "ftl.over_provisioning=0"},
     {"ftl.over_provisioning", "above 0 and below 0.5", "got 0"}},
    {"GcThresholdAboveTheUserBlocks",
     {"--set", "ftl.gc_threshold=600"},
     {"ftl.reservoir_blocks", "427 user super-blocks", "ftl.gc_threshold"}},
    {"DriveTooLargeForTheMap",
     {"--set", "flash.blocks_per_plane=1048576"},
     {"flash:", "274877906944 pages", "fewer than 2^32 - 1"}},
    {"DramTransferRateZero",
     {"--set", "controller.dram.transfer_rate=\"0 MT/s\""},
     {"controller.dram.transfer_rate", "at least 1 MT/s"}},
    {"TrainingQueueDepthAboveTheHostQueue",
     {"--set", "training.queue_depth=1024"},
     {"training.queue_depth", "1024", "host.io_queue_entries", "1 to 1023"}},
    {"BaselineQueueDepthAboveTheHostQueue",
     {"--mode", "baseline", "--set", "baseline.queue_depth=2000"},
     {"baseline.queue_depth", "2000", "1 to 1023"}},
    {"BaselineModelLargerThanTheBlockDevice",
     {"--config", OSVP_SOURCE_DIR "/configs/small.json", "--mode", "baseline", "--model",
      "gpt2-2.6b"},
     {"training.model", "LBAs", "block device"}},
    {"AutorunIsNoKey", {"--set", "host.autorun=false"}, {"host.autorun", "unknown"}},
    {"CompareUnknownMode",
     {"--compare", "baseline,fast"},
     {"--compare", "'fast'", "all, optimstore, baseline, cisp, deepstore, cpu"}},
    {"CompareBlock", {"--compare", "block"}, {"--compare", "'block'", "all, optimstore"}},
    {"CompareTwice", {"--compare", "cisp,cisp"}, {"--compare", "'cisp'", "twice"}},
    {"CompareNothing", {"--compare", ""}, {"--compare", "no mode", "all, optimstore"}},
    {"CompareWithMode", {"--compare", "all", "--mode", "cisp"}, {"--compare", "--mode"}},
    {"CompareWithDumpConfig", {"--compare", "all", "--dump-config"}, {"--compare", "dump-config"}},
    {"JobsWithoutCompare", {"--jobs", "2"}, {"--jobs", "--compare"}},
    {"JobsZero", {"--compare", "all", "--jobs", "0"}, {"--jobs", "'0'", "1 to 64"}},
    {"JobsNegative", {"--compare", "all", "--jobs", "-1"}, {"--jobs", "'-1'", "1 to 64"}},
    {"CompareWithTrace",
     {"--compare", "optimstore,cisp", "--model", "tiny", "--vcd", "step.vcd"},
     {"trace.vcd", "--compare", "--mode", "refused in every mode"}},
    {"CompareWithOutput",
     {"--config", OSVP_SOURCE_DIR "/configs/small.json", "--compare", "optimstore,cisp", "--set",
      "training.output=out"},
     {"training.output", "--compare", "refused in every mode"}},
    {"MissingTrainingInput",
     {"--set", "training.data=npy", "--set", "training.input=/nonexistent/osvp/in"},
     {"training.input", "/nonexistent/osvp/in", "not a directory"}},
    {"UnwritableTrainingOutput",
     {"--config", OSVP_SOURCE_DIR "/configs/small.json", "--set", "training.output=/proc/osvp/out"},
     {"training.output", "/proc/osvp/out", "cannot create"}},
    {"CompareRefusedInEveryMode",
     {"--compare", "all", "--set", "flash.channels=0"},
     {"flash.channels", "got 0", "refused in every mode"}},
    {"CompareUnwritableStats",
     {"--compare", "cpu", "--model", "tiny", "--stats", "/nonexistent/osvp/stats.json"},
     {"--stats", "/nonexistent/osvp/stats.json", "No such file"}},
};

INSTANTIATE_TEST_SUITE_P(Platform, CliError, ::testing::ValuesIn(cases),
                         [](const ::testing::TestParamInfo<error_case>& info) {
                             return std::string(info.param.name);
                         });

TEST(DriveCapacity, TooSmallForTheModelIsAClearError) {
    const scratch_dir scratch;
    const run_result r =
        run_vp({"--config", source_config("small.json").string(), "--mode", "optimstore", "--model",
                "gpt2-2.6b", "--storage", "timing", "--steps", "1"},
               scratch);
    EXPECT_EQ(r.signal, 0) << "must not crash\n" << describe(r);
    EXPECT_EQ(r.exit_code, 2) << "refused before the run\n" << describe(r);
    EXPECT_NE(r.err.find("gpt2-2.6b"), std::string::npos) << "name the model\n" << describe(r);
    EXPECT_NE((r.out + r.err).find("reservoir"), std::string::npos) << "say why\n" << describe(r);
}

TEST(TrainingInput, AFileTheRunWouldRefuseLaterIsRefusedBeforeTheRun) {
    const scratch_dir scratch;
    const std::vector<tensor_info> tensors = model_tensors("tiny");
    write_training_inputs(make_training_data(tensors, 2, 1.0), scratch.file("in"));
    // Step 2's gradient of the last tensor is cut short: the run would read it only in step 2.
    const std::filesystem::path bad = scratch.file("in") / "step2" / (tensors.back().name + ".npy");
    std::filesystem::resize_file(bad, std::filesystem::file_size(bad) - 4);
    const run_result r =
        run_vp({"--config", source_config("small.json").string(), "--steps", "2", "--set",
                "training.data=npy", "--set", "training.input=" + scratch.file("in").string()},
               scratch);
    EXPECT_EQ(r.exit_code, 2) << describe(r);
    for (const std::string& part :
         {std::string("training.input"), bad.string(), std::string("truncated")}) {
        EXPECT_NE(r.err.find(part), std::string::npos) << part << "\n" << describe(r);
    }
}

} // namespace
} // namespace osvp::platform_test
