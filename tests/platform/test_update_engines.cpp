// The in-SSD alternatives of issue 4, modes cisp and deepstore, as firmware update engines:
// the controller's ISP engine (C-ISP: it runs the die template over DRAM staging buffers) and
// the dies' read path (DeepStore: gradients programmed before the step, read-path units).
//  - Numerics: both execute the dies' command template with the dies' PE arithmetic, so the
//    W, M, V they write back after three Adam steps of the tiny model (npy data, step-decay lr)
//    must equal optimstore's bit for bit (optimstore is checked against textbook Adam in
//    test_optimstore_numerics).
//  - Traffic: one step's PCIe bytes each way, channel bytes and plane pages read/programmed
//    (a 2-step run minus a 1-step run) per parameter slot (super-pages x page / 4 B) equal
//    models/eval/step_traffic's closed forms; PCIe carries NVMe queue entries as well, so its
//    data bytes are checked from below and within 2 % from above.
#include "training_fixture.h"

#include "eval/step_traffic.h"

#include <gtest/gtest.h>

#include <cstring>

namespace osvp::platform_test {
namespace {

training_outputs run_npy(const scratch_dir& scratch, const training_data_set& data,
                         const std::string& engine) {
    const std::vector<std::string> args = {
        "--config", source_config("small.json").string(),
        "--mode",   engine,
        "--model",  "tiny",
        "--steps",  "3",
        "--set",    "training.data=npy",
        "--set",    "training.input=" + scratch.file("in").string(),
        "--set",    "training.output=" + scratch.file("out_" + engine).string(),
        "--set",    "training.optimizer.lr=0.01",
        "--set",    "training.optimizer.loss_scale=1024",
        "--set",    "training.optimizer.schedule.kind=step_decay",
        "--set",    "training.optimizer.schedule.step_size=1",
        "--set",    "training.optimizer.schedule.gamma=0.5"};
    const nlohmann::json stats = run_vp_stats(args, scratch, "stats_" + engine + ".json");
    EXPECT_FALSE(stats.is_null()) << engine;
    return read_training_outputs(data.tensors, scratch.file("out_" + engine));
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// With DeepStore the step command (Set Features C2h) completes only after every super-page is
// updated: a step longer than host.command_timeout must still finish (training.step_timeout
// covers it), and one longer than training.step_timeout must fail naming the command.
TEST(UpdateEngines, TheStepCommandHasItsOwnTimeout) {
    const scratch_dir scratch;
    const std::vector<std::string> args = {"--config", source_config("small.json").string(),
                                           "--mode",   "deepstore",
                                           "--model",  "tiny",
                                           "--set",    "training.steps=1",
                                           "--set",    "host.command_timeout=250 us"};
    const nlohmann::json stats = run_vp_stats(args, scratch);
    ASSERT_FALSE(stats.is_null());
    const nlohmann::json& step = stats.at("host").at("training").at("steps").at(0);
    const double command_ps = step.at("step_begin_ps").get<double>();
    EXPECT_GT(command_ps, 250e6) << "the step command must outlast host.command_timeout";
    std::vector<std::string> short_step = args;
    short_step.insert(short_step.end(), {"--set", "training.step_timeout=250 us"});
    const run_result r = run_vp(short_step, scratch);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("opcode 0x9 CID"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("got no completion within 250 us"), std::string::npos) << r.err;
}

TEST(UpdateEngines, ControllerAndReadPathEqualTheDiesBitForBit) {
    const scratch_dir scratch;
    const training_data_set data = make_training_data(model_tensors("tiny"), 3, 1024.0);
    write_training_inputs(data, scratch.file("in"));
    const training_outputs die = run_npy(scratch, data, "optimstore");
    ASSERT_EQ(die.w.size(), data.elements());
    for (const char* engine : {"cisp", "deepstore"}) {
        const training_outputs out = run_npy(scratch, data, engine);
        EXPECT_TRUE(same_bits(out.w, die.w)) << engine << " W";
        EXPECT_TRUE(same_bits(out.m, die.m)) << engine << " M";
        EXPECT_TRUE(same_bits(out.v, die.v)) << engine << " V";
    }
}

// One run's totals: PCIe payload each way, channel data bytes, plane pages read/programmed.
struct totals {
    double to_device = 0, to_host = 0, channel = 0, pages_read = 0, pages_programmed = 0;
};

totals run_timing(const scratch_dir& scratch, const std::string& engine, unsigned steps) {
    const std::vector<std::string> args = {"--config", source_config("small.json").string(),
                                           "--mode",   engine,
                                           "--model",  "tiny",
                                           "--steps",  std::to_string(steps)};
    const nlohmann::json s =
        run_vp_stats(args, scratch, "t_" + engine + std::to_string(steps) + ".json");
    totals t;
    if (s.is_null()) {
        ADD_FAILURE() << engine << " run failed";
        return t;
    }
    t.to_device = s["link"]["downstream"]["payload_bytes"].get<double>();
    t.to_host = s["link"]["upstream"]["payload_bytes"].get<double>();
    for (const auto& ch : s["ssd"]["channels"]) {
        for (const auto& die : ch["dies"]) {
            t.channel += die["bytes_in"].get<double>() + die["bytes_out"].get<double>();
            t.pages_read += die["plane_reads"].get<double>();
            t.pages_programmed += die["plane_programs"].get<double>();
        }
    }
    return t;
}

TEST(UpdateEngines, StepTrafficEqualsClosedForms) {
    const scratch_dir scratch;
    const double page = 8192;
    const double slots = 5 * page / 4; // tiny: 8270 parameters in 5 super-pages
    for (const step_mode mode : {step_mode::optimstore, step_mode::cisp, step_mode::deepstore}) {
        const std::string engine = to_string(mode);
        const totals one = run_timing(scratch, engine, 1);
        const totals two = run_timing(scratch, engine, 2);
        const step_traffic f = traffic_per_parameter(mode, {}, static_cast<std::uint32_t>(page));
        const double down = (two.to_device - one.to_device) / slots;
        const double up = (two.to_host - one.to_host) / slots;
        EXPECT_DOUBLE_EQ((two.channel - one.channel) / slots, f.channel + f.channel_backward)
            << engine;
        EXPECT_DOUBLE_EQ((two.pages_read - one.pages_read) / slots, f.pages_read) << engine;
        EXPECT_DOUBLE_EQ((two.pages_programmed - one.pages_programmed) / slots,
                         f.pages_programmed + f.pages_programmed_backward)
            << engine;
        const double f_down = f.pcie_to_device + f.pcie_backward;
        EXPECT_GE(down, f_down) << engine;
        EXPECT_LE(down, f_down * 1.02 + 0.5) << engine;
        EXPECT_GE(up, f.pcie_to_host) << engine;
        EXPECT_LE(up, f.pcie_to_host * 1.02) << engine;
    }
}

} // namespace
} // namespace osvp::platform_test
