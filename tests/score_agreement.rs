//! `plmkit::score::agreement` on a simulated night's truth against edited copies of itself:
//! the counts follow the edits exactly.

use plmkit::score::agreement;
use plmkit::simulate::psg::{PsgConfig, PsgNight};
use plmkit::{Leg, LegMovement, MovementKind};

fn truth() -> Vec<LegMovement> {
    PsgNight::new(&PsgConfig {
        seed: 2,
        duration_s: 1800.0,
        ..PsgConfig::default()
    })
    .expect("night")
    .truth()
    .to_vec()
}

#[test]
fn identical_sets_agree_fully() {
    let t = truth();
    let a = agreement(&t, &t, 0.5);
    assert!(a.pooled.scored > 10);
    assert_eq!(a.pooled.matched, a.pooled.scored);
    assert_eq!(a.pooled.f1, Some(1.0));
    assert_eq!(a.left.scored + a.right.scored, a.pooled.scored);
}

#[test]
fn dropped_added_and_swapped_movements_are_counted() {
    let t = truth();
    let mut d: Vec<LegMovement> = t.iter().skip(1).copied().collect();
    d.remove(d.len() / 2); // two truth LMs missed
    d.push(LegMovement::new(Leg::Left, 1.0e6, 1.0e6 + 1.0)); // one false LM
    // A posture change is not a leg movement.
    let mut gross = LegMovement::new(Leg::Right, 2.0e6, 2.0e6 + 3.0);
    gross.kind = MovementKind::Gross;
    d.push(gross);
    let a = agreement(&t, &d, 0.5);
    assert_eq!(a.pooled.scored, t.len());
    assert_eq!(a.pooled.detected, t.len() - 2 + 1);
    assert_eq!(a.pooled.matched, t.len() - 2);
    // The legs swapped: nothing matches, however much overlaps.
    let swapped: Vec<LegMovement> = t
        .iter()
        .map(|m| LegMovement {
            leg: match m.leg {
                Leg::Left => Leg::Right,
                Leg::Right => Leg::Left,
            },
            ..*m
        })
        .collect();
    let s = agreement(&t, &swapped, 0.5);
    let overlapping_other_leg = t
        .iter()
        .filter(|x| {
            t.iter()
                .any(|y| y.leg != x.leg && y.onset_s < x.offset_s && y.offset_s > x.onset_s)
        })
        .count();
    assert!(s.pooled.matched <= overlapping_other_leg);
}
