"""The hostile corpus: every attack, with the assignment it is graded in.

What each deserves, and why, is in tests/hostile/base.py; the attacks are in
tests/hostile/escapes.py (the sandbox), tests/hostile/integrity.py (issue 13) and
tests/hostile/carry.py (error carried forward, issue 21).
"""
# what the tests read through this module
from hostile.base import (  # noqa: F401
    FULL, HONEST_PERFECT, HONEST_UNTOUCHED, SERVED_ANSWERS, Deserved, garbage)
from hostile.carry import (
    dependency_flood, dependency_not_given, huge_dependency_inputs, record_and_replay)
from hostile.escapes import (
    cells_that_do_not_compile, collude_copy, collude_share, deeply_nested_expression,
    deeply_nested_json, deeply_nested_reply, detect_grader_cheat, detect_grader_honest,
    exception_with_evil_str, fake_pass_output, forge_results_in_call, forge_results_then_exit,
    fork_bomb_bounded, hijack_child_protocol, huge_outputs, import_reference,
    infinite_loop_in_call, kill_minus_one, killer_daemon, malicious_dunders,
    memory_hog_bounded, monkeypatch_builtins, network_fetch_answer, numpy_subclass,
    partial_frame_in_call, partial_frame_in_cell, patch_hypothesis_and_test_classes,
    patch_numpy_comparisons, replace_sys_modules, signal_everyone, socket_garbage,
    stdout_flood, system_exit_and_interrupt, thread_exits_later, vandalise_files)
from hostile.integrity import (
    callback_flood, fit_without_f, forged_fit_counts, keras_layer_methods_patched,
    keras_rnn_call_patched, keras_rnn_replaced, misbehaving_conversions,
    modify_inputs_in_place, op_table_patched)


ATTACKS = [
    # rnn: rnn_step 2, rnn_forward 3, rnn_outputs 1, clip_by_global_norm 2, MyRNNCell 3.
    # Cheats target rnn_outputs and clip_by_global_norm, which nothing else calls.
    patch_numpy_comparisons("rnn_outputs"),
    patch_hypothesis_and_test_classes("clip_by_global_norm"),
    replace_sys_modules("rnn_outputs"),
    hijack_child_protocol("clip_by_global_norm"),
    import_reference("rnn_outputs", "clip_by_global_norm"),
    import_reference("rnn_outputs", userns=True),
    forge_results_then_exit(),
    forge_results_in_call("rnn_outputs"),
    fake_pass_output("clip_by_global_norm"),
    detect_grader_honest("rnn_outputs"),
    detect_grader_cheat("rnn_outputs"),
    signal_everyone("rnn_outputs"),
    kill_minus_one("clip_by_global_norm"),
    killer_daemon("rnn"),
    vandalise_files(),
    system_exit_and_interrupt("rnn_outputs", "clip_by_global_norm"),
    huge_outputs("rnn_outputs", "clip_by_global_norm"),
    fork_bomb_bounded("rnn"),
    memory_hog_bounded("rnn_outputs"),
    infinite_loop_in_call("clip_by_global_norm"),
    malicious_dunders("rnn_outputs", "clip_by_global_norm"),
    numpy_subclass("rnn_outputs"),
    stdout_flood("rnn_outputs"),
    socket_garbage("rnn_outputs"),
    partial_frame_in_call("clip_by_global_norm"),
    partial_frame_in_cell("rnn"),
    thread_exits_later("rnn_outputs"),
    network_fetch_answer("rnn_outputs"),
    monkeypatch_builtins("rnn_outputs"),
    collude_share("rnn_outputs"),
    collude_copy("rnn_outputs"),
    exception_with_evil_str("clip_by_global_norm"),
    deeply_nested_reply("rnn_outputs"),
    cells_that_do_not_compile("rnn"),
    deeply_nested_expression("rnn"),
    deeply_nested_json("rnn"),
    # issue 13 (MyRNNCell 3): what the grader's code computes in the process decides nothing
    keras_rnn_replaced("MyRNNCell"),
    keras_rnn_call_patched("MyRNNCell"),
    keras_layer_methods_patched("MyRNNCell"),
    op_table_patched("MyRNNCell"),
    modify_inputs_in_place("clip_by_global_norm"),
    misbehaving_conversions("rnn_outputs", "clip_by_global_norm"),
    # issue 21: rnn_step wrong, rnn_forward graded again with the reference's rnn_step
    huge_dependency_inputs(),
    dependency_flood(),
    dependency_not_given(),
    record_and_replay(),
    # attention: softmax 2, scaled_dot_product_attention 3, causal_mask 1,
    # positional_encoding 2, attention_head 2, multi_head_attention 3.
    # Cheats target causal_mask and positional_encoding, which nothing else calls.
    patch_numpy_comparisons("causal_mask"),
    import_reference("causal_mask", "positional_encoding"),
    numpy_subclass("positional_encoding"),
    malicious_dunders("positional_encoding", "causal_mask"),
    detect_grader_honest("positional_encoding"),
    forge_results_in_call("causal_mask"),
    system_exit_and_interrupt("positional_encoding", "causal_mask"),
    killer_daemon("attention"),
    # lstm: only MyLSTMCell is cheated on
    keras_rnn_replaced("MyLSTMCell"),
    keras_layer_methods_patched("MyLSTMCell"),
    op_table_patched("MyLSTMCell"),
    # genz: only fit_and_evaluate is cheated on
    forged_fit_counts(),
    fit_without_f(),
    callback_flood(),
]


def for_assignment(assignment, isolated=True):
    """The attacks of one assignment; without isolation only those safe without it."""
    return [s for s in ATTACKS if s.assignment == assignment
            and (isolated or not s.needs_isolation)]
