/* Unit tests for pp_window: tumbling alignment, sliding assignment,
 * sessions, the watermark and windows in JSON. */
#include <criterion/criterion.h>

#include <math.h>

#include "pp_window.h"

Test(window, tumbling_windows_align_to_epoch_multiples)
{
	pp_window_spec spec = {PP_WINDOW_TUMBLING, 60, 0, 0};
	double starts[PP_WINDOW_MAX_OVERLAP];

	cr_assert_eq(pp_window_assign(&spec, 1764060001.5, starts), 1);
	cr_assert_eq(starts[0], 1764060000);
	cr_assert_eq(pp_window_end(&spec, starts[0]), 1764060060);
	/* The end belongs to the next window: [start, end). */
	pp_window_assign(&spec, 1764060060, starts);
	cr_assert_eq(starts[0], 1764060060);
	pp_window_assign(&spec, -1, starts);
	cr_assert_eq(starts[0], -60);
}

Test(window, alignment_never_leaves_ts_outside_its_window)
{
	/* Sizes that are not exact in binary. */
	double sizes[] = {0.1, 0.3, 1.7, 60, 86400};

	for (size_t s = 0; s < 5; s++)
		for (int i = -1000; i < 1000; i++) {
			double ts = i * 0.1 + 1764060000;
			double start = pp_window_align(ts, sizes[s]);

			cr_assert(start <= ts && ts < start + sizes[s], "ts %.17g size %g", ts,
			    sizes[s]);
		}
}

Test(window, sliding_windows_hold_a_point_size_over_step_times)
{
	pp_window_spec spec = {PP_WINDOW_SLIDING, 60, 20, 0};
	double starts[PP_WINDOW_MAX_OVERLAP];

	/* Windows [-20,40), [0,60), [20,80) hold 25. */
	cr_assert_eq(pp_window_assign(&spec, 25, starts), 3);
	cr_assert_eq(starts[0], -20);
	cr_assert_eq(starts[1], 0);
	cr_assert_eq(starts[2], 20);
	/* 40 is the end of [-20,40): not in it. */
	cr_assert_eq(pp_window_assign(&spec, 40, starts), 3);
	cr_assert_eq(starts[0], 0);
	spec.size = 50;
	cr_assert_eq(pp_window_assign(&spec, 45, starts), 3);	/* 0, 20, 40 */
	cr_assert_eq(pp_window_assign(&spec, 55, starts), 2);	/* 20, 40 */
	cr_assert_eq(starts[0], 20);
}

Test(window, sessions_continue_within_the_gap)
{
	pp_session session = {100, 100};

	cr_assert(pp_session_continues(&session, 30, 129));
	cr_assert_not(pp_session_continues(&session, 30, 130));
	pp_session_extend(&session, 129);
	cr_assert_eq(pp_session_end(&session, 30), 159);
	cr_assert(pp_session_continues(&session, 30, 71));
	pp_session_extend(&session, 90);
	cr_assert_eq(session.start, 90);
}

Test(window, the_watermark_trails_the_largest_ts_by_the_lateness)
{
	pp_watermark watermark;

	pp_watermark_init(&watermark, 5);
	cr_assert(isinf(pp_watermark_value(&watermark)));
	cr_assert_not(-1e300 <= pp_watermark_value(&watermark));
	pp_watermark_observe(&watermark, 100);
	pp_watermark_observe(&watermark, 90);
	cr_assert_eq(pp_watermark_value(&watermark), 95);
	cr_assert(95 <= pp_watermark_value(&watermark));
	cr_assert_not(95.5 <= pp_watermark_value(&watermark));
}

Test(window, windows_round_trip_through_json)
{
	pp_window_spec specs[] = {{PP_WINDOW_ALL, 0, 0, 0}, {PP_WINDOW_TUMBLING, 60, 0, 0},
	    {PP_WINDOW_SLIDING, 60, 10, 0}, {PP_WINDOW_SESSION, 0, 0, 300}};
	pp_window_spec back;
	pp_error error;

	for (size_t i = 0; i < 4; i++) {
		jv object = pp_window_to_jv(&specs[i]);

		cr_assert_eq(pp_window_from_jv(object, &back, &error), PP_OK);
		cr_assert_eq(back.type, specs[i].type);
		if (specs[i].type != PP_WINDOW_ALL && specs[i].type != PP_WINDOW_SESSION)
			cr_assert_eq(back.size, specs[i].size);
		jv_free(object);
	}
	cr_assert_eq(pp_window_from_jv(jv_null(), &back, &error), PP_ERR_INVALID);
}
