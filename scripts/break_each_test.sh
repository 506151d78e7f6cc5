#!/usr/bin/env bash
# Every test file must fail when the library code it tests is broken: for each tests/*.rs this
# applies one small deliberate mutation to that code (a flipped rule, a changed constant, a
# dropped step), runs only that file (`cargo test --release --test NAME`), expects it to FAIL,
# and restores the source (`git checkout -- FILE`), even on Ctrl-C. Prints one row per test
# file: test file, mutation, result. Exits 1 when a test file did not fail.
#
# Usage: scripts/break_each_test.sh [TEST_NAME...]   (default: every tests/*.rs)
# Env:   BREAK_TIMEOUT  seconds per test file (default 1200)
#        CARGO_FLAGS    extra cargo flags, e.g. --config profile.release.package.plmkit.codegen-units=16
#                       to rebuild the mutated library faster
#
# It edits src/ in place, so it refuses to run when src/ has uncommitted changes; run it in a
# checkout of your own. The release profile is built incrementally (one library rebuild per
# mutation). A mutation whose text is no longer in the file (the code moved) is reported as
# NOT APPLIED, one that no longer compiles as BUILD ERROR: both mean the list needs updating.
set -uo pipefail
cd "$(dirname "$0")/.."

# test file :: source file it tests :: sed expression :: what the mutation breaks
MUTATIONS=(
  "detect_emg_accuracy :: src/detect/emg/config.rs :: s/onset_above_rest_uv: 8.0,/onset_above_rest_uv: 80.0,/ :: EMG onset threshold 8 -> 80 uV above rest"
  "detect_emg_chunking :: src/detect/emg/detector.rs :: s/let mut rest = samples_uv;/let mut rest = \&samples_uv[..samples_uv.len() - usize::from(samples_uv.len() > 1)];/ :: EMG push drops the last sample of each block"
  "detect_long_night :: src/detect/config.rs :: s/min_duration_s: 0.5,/min_duration_s: 2.0,/ :: shortest LM 0.5 -> 2 s"
  "detect_quality :: src/detect/config.rs :: s/posture_angle_deg: 25.0,/posture_angle_deg: 250.0,/ :: posture change angle 25 -> 250 deg (never)"
  "detect_sim :: src/detect/config.rs :: s/on_min_g: 0.003,/on_min_g: 0.03,/ :: smallest onset excess 3 -> 30 mg"
  "detect_stream :: src/detect/leg.rs :: s/\(    pub fn push(&mut self, samples: &\[\[f64; 3\]\], out: &mut Vec<Detection>) {\)/\1 let samples = \&samples[..samples.len() - usize::from(samples.len() > 1)];/ :: leg detector push drops the last sample of each block"
  "detect_stress :: src/detect/config.rs :: s/quiet_s: 0.5,/quiet_s: 1.5,/ :: offset quiet time 0.5 -> 1.5 s"
  "filter_chunking :: src/filter/sos.rs :: s/run_group::<T, \([1-4]\)>(g, z, block)/run_group::<T, \1>(g, \&mut z.to_vec(), block)/ :: block filtering does not keep the section state"
  "filter_design :: src/filter/butterworth.rs :: s/order == 0 || order > MAX_ORDER/order == 0 || order > MAX_ORDER + 1/ :: order 17 accepted"
  "filter_golden :: src/filter/butterworth.rs :: s/2.0 \* 2.0 \* (std::f64::consts::PI/2.0 * 2.02 * (std::f64::consts::PI/ :: frequency pre-warping off by 1 %"
  "filter_multichannel :: src/filter/multichannel.rs :: s/let mut f = make();/let mut f = make(); f.process_sample(0.0);/ :: each column's filter sees a spurious first sample"
  "filter_table :: src/io/table.rs :: s/duplicate column name '/duplicate column '/ :: duplicate-column error reworded"
  "filter_windows :: src/filter/moving.rs :: s/self.add(-old);/self.add(-old); self.add(-old);/ :: moving sum subtracts the leaving sample twice"
  "io_annotations :: src/io/annotations/vocab.rs :: s/w.starts_with(\"arousal\")/w.starts_with(\"arousals\")/ :: 'arousal' labels not recognised"
  "io_edf_bad_input :: src/io/edf/header.rs :: s/shorter than the 256-byte EDF header/too short for an EDF header/ :: short-file error reworded"
  "io_edf_read :: src/io/edf/header.rs :: s/physical_min - digital_min as f64 \* gain/0.0/ :: digital-to-physical map loses its offset"
  "io_events :: src/io/events/lm_csv.rs :: s/unknown leg {:?}/bad leg {:?}/ :: unknown-leg error reworded"
  "io_trace_bad_input :: src/io/trace/lines.rs :: s/line is longer than {} bytes/line too long ({} bytes)/ :: long-line error reworded"
  "io_trace_formats :: src/io/trace/units.rs :: s/pub const STANDARD_GRAVITY: f64 = 9.80665;/pub const STANDARD_GRAVITY: f64 = 9.7;/ :: m/s2 -> g with g = 9.7"
  "io_trace_memory :: src/io/trace/lines.rs :: s/let keep_from = self.last_start.min(self.start);/let keep_from = 0;/ :: line buffer never drops consumed bytes"
  "io_trace_properties :: src/io/trace/number.rs :: s/\(pub fn parse_prefix(s: &\[u8\]) -> Option<(f64, usize)> {\)/\1 if !s.is_empty() { return None; }/ :: fast decimal parser always declines"
  "io_trace_real_actigraph :: src/io/trace/emit.rs :: s/if row.v == \[0.0; 3\] {/if row.v == [1.0; 3] {/ :: idle (0,0,0) rows not recognised"
  "io_trace_real_geneactiv_bin :: src/io/trace/geneactiv_bin.rs :: s/\/ cal.gain\[a\];/\/ (cal.gain[a] * 2.0);/ :: .bin calibration gain doubled"
  "io_trace_real_gt3x :: src/io/trace/gt3x.rs :: s/f64::from(r) \/ self.scale/f64::from(r) \/ (self.scale * 1.01)/ :: .gt3x acceleration scale off by 1 %"
  "pipeline_files :: src/pipeline/files.rs :: s/Err(e) => Message::Failed(e),/Err(_) => Message::End(reader.stats().clone()),/ :: a reader error ends the file silently"
  "pipeline_formats :: src/detect/config.rs :: s/posture_angle_deg: 25.0,/posture_angle_deg: 250.0,/ :: posture change angle 25 -> 250 deg (never)"
  "pipeline_stream :: src/pipeline/merge.rs :: s/e.onset_s() < watermark_s/e.onset_s() < watermark_s + 30.0/ :: detections released 30 s before every leg has passed them"
  "score_conformance :: src/score/criteria.rs :: s/min_imi_s: 10.0,/min_imi_s: 10.5,/ :: WASM shortest IMI 10 -> 10.5 s"
  "score_context :: src/score/quality.rs :: s/if iv.offset_s - iv.onset_s >= self.min_s {/if iv.offset_s - iv.onset_s > self.min_s + 1.0 {/ :: invalid stretches up to 1.5 s do not end series"
  "score_golden :: src/score/criteria.rs :: s/\([^_]\)max_gap_s: 0.5,/\1max_gap_s: 0.6,/ :: WASM bilateral gap 0.5 -> 0.6 s"
  "score_props :: src/score/online.rs :: 0,/out\.append(\&mut self\.decided);/s//let _ = \&out;/;0,/out\.append(\&mut self\.decided);/s//let _ = \&out;/ :: online scorer holds decisions back until finish"
  "simulate_fixture :: src/simulate/rng.rs :: s/wrapping_mul(5).rotate_left(7)/wrapping_mul(5).rotate_left(8)/ :: random generator changed"
  "simulate_night :: src/simulate/signal.rs :: s/((v \/ self.lsb).round() \* self.lsb)/(v)/ :: samples not quantised"
  "spectral_golden :: src/spectral.rs :: s/0.5 - 0.5 \* (2.0/0.54 - 0.46 * (2.0/ :: Hamming instead of Hann window"
  "timeline_grid :: src/timeline.rs :: s/max_interp_gap_s: 0.25,/max_interp_gap_s: 2.5,/ :: holes up to 2.5 s bridged"
)

field() { # field N of a MUTATIONS row
  awk -v n="$1" 'BEGIN { FS = " :: " } { print $n }' <<<"$2"
}

# A failing proptest writes its seed to the regressions file beside the test: the ones there
# before the run are restored, the ones the run created are removed.
declare -A had_regressions=()
for f in tests/*.proptest-regressions; do
  [[ -e "$f" ]] && had_regressions[$f]=1
done
current=""
restore() {
  if [[ -n "$current" ]]; then
    git checkout -- "$current"
    current=""
  fi
  for f in tests/*.proptest-regressions; do
    [[ -e "$f" ]] || continue
    if [[ -n "${had_regressions[$f]:-}" ]]; then
      git checkout -- "$f" 2>/dev/null || true
    else
      rm -f -- "$f"
    fi
  done
}
child=""
interrupted() {
  # cargo runs under `timeout` in its own process group: stop it, then restore (EXIT trap).
  if [[ -n "$child" ]]; then
    kill -TERM "$child" 2>/dev/null
    wait "$child" 2>/dev/null
  fi
  echo "interrupted: source restored" >&2
  exit 130
}
trap 'restore' EXIT
trap 'interrupted' INT TERM

if ! git diff --quiet -- src tests; then
  echo "src/ or tests/ has uncommitted changes; commit or stash them first" >&2
  exit 2
fi

export CARGO_PROFILE_RELEASE_INCREMENTAL=true
log_dir=$(mktemp -d)
names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
  for f in tests/*.rs; do names+=("$(basename "$f" .rs)"); done
fi

printf '%-28s %-62s %s\n' "test file" "mutation (source file: what)" "result"
not_biting=0
for name in "${names[@]}"; do
  row=""
  for m in "${MUTATIONS[@]}"; do
    if [[ "$(field 1 "$m")" == "$name" ]]; then row=$m; fi
  done
  if [[ -z "$row" ]]; then
    printf '%-28s %-62s %s\n' "$name" "-" "NO MUTATION LISTED"
    not_biting=$((not_biting + 1))
    continue
  fi
  file=$(field 2 "$row")
  expr=$(field 3 "$row")
  what="$(basename "$file"): $(field 4 "$row")"
  if [[ ! -f "$file" ]]; then
    printf '%-28s %-62s %s\n' "$name" "$what" "NOT APPLIED ($file is gone)"
    not_biting=$((not_biting + 1))
    continue
  fi
  current=$file
  sed -i -e "$expr" "$file"
  if git diff --quiet -- "$file"; then
    restore
    printf '%-28s %-62s %s\n' "$name" "$what" "NOT APPLIED (text not found)"
    not_biting=$((not_biting + 1))
    continue
  fi
  log="$log_dir/$name.log"
  # shellcheck disable=SC2086 # CARGO_FLAGS is a list of flags
  # In the background so that an interrupt is handled at once, not when cargo ends.
  timeout "${BREAK_TIMEOUT:-1200}" cargo test --release ${CARGO_FLAGS:-} --test "$name" >"$log" 2>&1 &
  child=$!
  wait "$child"
  rc=$?
  child=""
  restore
  if grep -q "could not compile" "$log"; then
    result="BUILD ERROR (see $log)"
    not_biting=$((not_biting + 1))
  elif [[ $rc -eq 124 ]]; then
    result="TIMEOUT after ${BREAK_TIMEOUT:-1200} s"
    not_biting=$((not_biting + 1))
  elif [[ $rc -eq 0 ]]; then
    if grep -qE "test result: ok\. 0 passed; 0 failed; [1-9][0-9]* ignored" "$log"; then
      result="PASSED: all ignored (../shared/real-data absent?)"
    else
      result="PASSED: does not bite"
    fi
    not_biting=$((not_biting + 1))
  else
    failed=$(grep -oE "^test [a-z0-9_:]+ \.\.\. FAILED" "$log" | awk '{print $2}' | paste -sd, -)
    result="fails (${failed:-exit $rc})"
  fi
  printf '%-28s %-62s %s\n' "$name" "$what" "$result"
done
echo "logs: $log_dir"
if [[ $not_biting -gt 0 ]]; then
  echo "$not_biting test file(s) did not fail under their mutation" >&2
  exit 1
fi
