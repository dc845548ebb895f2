"""body/movement_latch.py: a movement starts above both thresholds, ends when its speed goes."""

from balancegame.body.movement_latch import MovementLatch


def test_a_movement_starts_only_above_both_the_noise_and_the_floor():
    latch = MovementLatch(noise_k=4.5, floor_cm_s=8.0)
    assert latch.update(7.9, 1.0) is None  # 7.9 x the noise, but under 8 cm/s
    assert latch.update(-9.0, 2.5) is None  # over 8 cm/s, but only 3.6 x a noisy camera's
    assert latch.update(-12.0, 2.5) == "started"
    assert latch.moving and latch.direction == -1 and latch.starts == 1


def test_it_holds_while_the_speed_lasts_in_its_direction_and_ends_when_it_is_gone():
    latch = MovementLatch(noise_k=4.5, floor_cm_s=8.0, release_k=1.0)
    latch.update(10.0, 1.0)
    for speed in (30.0, 12.0, 4.0, 1.5):  # slowing down, still under way
        assert latch.update(speed, 1.0) is None and latch.moving
    assert latch.update(0.9, 1.0) == "ended"
    assert not latch.moving and latch.direction == 0
    latch.update(10.0, 1.0)
    assert latch.update(-3.0, 1.0) == "ended"  # turned back: that movement is over
    assert latch.starts == 2


def test_reset_forgets_a_movement_under_way():
    latch = MovementLatch()
    latch.update(20.0, 1.0)
    latch.reset()
    assert not latch.moving and latch.update(0.0, 1.0) is None
