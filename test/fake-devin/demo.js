'use strict';
// The demo's lifecycle: sessions told from test/fake-devin/demoStories.js, moving along their own
// story for as long as the demo runs. Each tick (5 s in the demo) every active session moves one
// step with probability STEP_P (0.3); sessions start (from the stories kept back, then by recycling the
// oldest ended one), work, ask their question, open their PR and finish; open PRs get merged.
// A session that waits for the user suspends after a while, but never while someone reads it (a GET
// of the session or its messages in the last 90 s). Titles stay unique: a recycled story first
// removes its ended session.
const { STORIES, prUrl } = require('./demoStories');

const MIN_ACTIVE = 3;
// A session moves on a tick with probability STEP_P: about one step every 17 s at 5 s ticks, so a
// task takes a minute or two from start to PR, slow enough to watch.
const STEP_P = 0.3;
const WAIT_TICKS = 12; // ≈ 3 minutes before an unread question suspends the session
const MERGE_TICKS = 12; // an open PR of a finished session is merged after ≈ 3 minutes
const READ_GRACE_MS = 90_000;

/**
 * @param {object} f the fake server's internals: addSession, removeSession, metaOf, bump, nowSec,
 *   nextEventId, store, rand, now (ms clock)
 */
function createDemo(f) {
  const now = f.now || Date.now;
  const byStory = new Map(); // story index → session id

  function say(s, source, message, at) {
    f.metaOf(s.session_id).messages.push({ event_id: f.nextEventId(), source, message, created_at: at ?? f.nowSec() });
  }
  const prMessage = (story) => `I opened a pull request: ${prUrl(story)}\n\n**${story.pr.summary}**`;

  /** The conversation and fields of a story that stands at `start`, ending `agoSec` before now. */
  function seedOne(i, story, start, spanSec, agoSec) {
    const t = f.nowSec();
    const created = t - agoSec - spanSec;
    const msgs = [['user', story.prompt]];
    let status = 'running';
    let detail = 'working';
    let pos = 0;
    let planned = false;
    let asked = false;
    let prs = [];
    let archived = false;
    const plan = () => {
      msgs.push(['devin', story.plan]);
      planned = true;
    };
    const steps = (n = story.steps.length) => {
      for (; pos < n; pos++) msgs.push(['devin', story.steps[pos]]);
    };
    const openPr = (state = 'open') => {
      if (!story.pr) return;
      prs = [{ pr_url: prUrl(story), pr_state: state }];
      msgs.push(['devin', prMessage(story)]);
    };
    switch (start) {
      case 'new':
        status = 'new';
        detail = null;
        break;
      case 'claimed':
        status = 'claimed';
        detail = null;
        break;
      case 'working':
        plan();
        steps(1);
        break;
      case 'waiting':
        plan();
        steps();
        if (story.prOpenBeforeQuestion) {
          prs = [{ pr_url: prUrl(story), pr_state: 'open' }];
        }
        msgs.push(['devin', story.question]);
        asked = true;
        detail = 'waiting_for_user';
        break;
      case 'approval':
        plan();
        steps();
        msgs.push(['devin', story.approval]);
        detail = 'waiting_for_approval';
        break;
      case 'suspended':
        plan();
        steps();
        msgs.push(['devin', story.question]);
        asked = true;
        status = 'suspended';
        detail = 'inactivity';
        break;
      case 'error':
        plan();
        steps();
        msgs.push(['devin', story.error]);
        status = 'error';
        detail = null;
        break;
      default: // finished, merged, archived
        plan();
        steps();
        openPr(start === 'finished' ? 'open' : 'merged');
        msgs.push(['devin', story.done]);
        if (start === 'finished') detail = 'finished';
        else {
          status = 'exit';
          detail = null;
          archived = start === 'archived';
        }
    }
    const s = f.addSession(
      {
        title: story.title,
        status,
        status_detail: detail,
        tags: story.tags.slice(),
        created_at: created,
        updated_at: created + spanSec,
        acus_consumed: status === 'new' ? 0 : Math.round((0.4 + spanSec / 900) * 100) / 100,
        pull_requests: prs,
        origin: story.origin,
        user_id: story.origin === 'api' ? null : 'user-3f9c2a1b7e',
        service_user_id: story.origin === 'api' ? 'service-user-fake-vscode' : null,
        is_archived: archived,
        category: story.category,
        playbook_id: story.playbook ?? null,
      },
      { repos: [story.repo] },
    );
    const m = f.metaOf(s.session_id);
    m.prompt = story.prompt;
    m.messages = msgs.map(([source, message], k) => ({
      event_id: f.nextEventId(),
      source,
      message,
      // Spread over the session's life: the first at creation, the last at updated_at.
      created_at: created + Math.round((spanSec * k) / Math.max(1, msgs.length - 1)),
    }));
    Object.assign(m, { story: i, pos, planned, asked, waited: 0, ticks: 0, lastRead: 0 });
    byStory.set(i, s.session_id);
    return s;
  }

  /** The sessions the demo starts with: every story that has a `start`, at realistic ages. */
  function seed() {
    STORIES.forEach((story, i) => {
      if (!story.start) return;
      const age = {
        new: [0, 40], claimed: [60, 30], working: [1500, 40], waiting: [3000, 240], approval: [2400, 300],
        finished: [7200, 1800 + 2000 * (i % 5)], merged: [5 * 3600, 86400 * (1 + (i % 4))], archived: [4 * 3600, 86400 * (6 + (i % 5))],
        suspended: [3 * 3600, 2 * 86400], error: [1800, 7 * 3600],
      }[story.start];
      seedOne(i, story, story.start, age[0], age[1]);
    });
  }

  function markRead(id) {
    const m = f.store.meta.get(id);
    if (m && m.story !== undefined) m.lastRead = now();
  }

  /** One step of one session along its story; returns true when it changed. */
  function step(s) {
    const m = f.metaOf(s.session_id);
    const story = STORIES[m.story];
    const lastSource = () => (m.messages.length ? m.messages[m.messages.length - 1].source : null);
    switch (s.status) {
      case 'new':
        s.status = 'claimed';
        break;
      case 'claimed':
      case 'resuming':
        s.status = 'running';
        s.status_detail = 'working';
        if (!m.planned) {
          say(s, 'devin', story.plan);
          m.planned = true;
        } else say(s, 'devin', 'Resuming where I left off.');
        break;
      case 'running': {
        const detail = s.status_detail;
        if (detail === 'waiting_for_user' || detail === 'waiting_for_approval') {
          m.waited++;
          if (now() - m.lastRead < READ_GRACE_MS || m.waited < WAIT_TICKS) return false;
          s.status = 'suspended';
          s.status_detail = 'inactivity';
          break;
        }
        if (detail === 'finished') {
          m.ticks++;
          const open = (s.pull_requests || []).find((p) => p.pr_state === 'open');
          if (!open || m.ticks < MERGE_TICKS) return false;
          open.pr_state = 'merged';
          s.status = 'exit';
          s.status_detail = null;
          say(s, 'devin', `${prUrl(story)} was merged. Closing this session.`);
          break;
        }
        s.acus_consumed = Math.round((Number(s.acus_consumed) || 0) * 100 + 20 + Math.floor(f.rand() * 60)) / 100;
        const hasPr = (s.pull_requests || []).length > 0;
        if (lastSource() === 'user' && m.asked) {
          // The user answered (sendMessage moved the session back to working).
          say(s, 'devin', story.afterReply || 'Thanks, I will take that into account.');
          m.replied = true;
        } else if (!m.planned) {
          say(s, 'devin', story.plan);
          m.planned = true;
        } else if (m.pos < story.steps.length) {
          say(s, 'devin', story.steps[m.pos++]);
        } else if (story.question && !m.asked) {
          if (story.prOpenBeforeQuestion && !hasPr) s.pull_requests = [{ pr_url: prUrl(story), pr_state: 'open' }];
          say(s, 'devin', story.question);
          m.asked = true;
          m.waited = 0;
          s.status_detail = 'waiting_for_user';
        } else if (story.error) {
          say(s, 'devin', story.error);
          s.status = 'error';
          s.status_detail = null;
        } else if (story.pr && !hasPr) {
          s.pull_requests = [{ pr_url: prUrl(story), pr_state: 'open' }];
          say(s, 'devin', prMessage(story));
        } else {
          say(s, 'devin', story.done || 'All done.');
          s.status_detail = 'finished';
          m.ticks = 0;
        }
        break;
      }
      default:
        return false; // exit, error, suspended (waits for a message) and unknown statuses
    }
    f.bump(s);
    return true;
  }

  const isActive = (s) => ['new', 'claimed', 'resuming'].includes(s.status) || (s.status === 'running' && s.status_detail === 'working');

  /** Starts story `i` as a new session, first removing its ended session if it has one. */
  function start(i) {
    const old = byStory.get(i);
    if (old) f.removeSession(old);
    return seedOne(i, STORIES[i], 'new', 0, 0);
  }

  /** The next story to start: one never started, else the one whose session ended longest ago (and is not being read). */
  function nextStory() {
    const fresh = STORIES.findIndex((_, i) => !byStory.has(i) || !f.store.sessions.has(byStory.get(i)));
    if (fresh >= 0) return fresh;
    let best = -1;
    let bestAt = Infinity;
    for (const [i, id] of byStory) {
      const s = f.store.sessions.get(id);
      const m = f.store.meta.get(id);
      if (!s || !['exit', 'error', 'suspended'].includes(s.status) || now() - (m?.lastRead ?? 0) < READ_GRACE_MS) continue;
      if (s.updated_at < bestAt) {
        best = i;
        bestAt = s.updated_at;
      }
    }
    return best;
  }

  /** One tick of the demo: each story session moves with probability STEP_P; keeps MIN_ACTIVE going. */
  function tick() {
    let n = 0;
    for (const id of [...byStory.values()]) {
      const s = f.store.sessions.get(id);
      if (s && f.rand() < STEP_P && step(s)) n++;
    }
    let active = [...byStory.values()].map((id) => f.store.sessions.get(id)).filter((s) => s && isActive(s)).length;
    while (active < MIN_ACTIVE) {
      const i = nextStory();
      if (i < 0) break;
      start(i);
      active++;
      n++;
    }
    return n;
  }

  return { seed, tick, markRead, step, stories: STORIES, sessionOf: (i) => byStory.get(i) };
}

module.exports = { createDemo };
