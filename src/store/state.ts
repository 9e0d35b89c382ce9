/** The lab's whole state: one store made of slices. */
import type { CompareSlice } from './compareSlice';
import type { CrashSlice } from './crashSlice';
import type { LanguageSlice } from './languageSlice';
import type { LessonSlice } from './lessonSlice';
import type { LongRunSlice } from './longRunSlice';
import type { LibrarySlice } from './librarySlice';
import type { PlaybackSlice } from './playbackSlice';
import type { ProveSlice } from './proveSlice';
import type { RunSlice } from './runSlice';
import type { SettingsSlice } from './settingsSlice';
import type { ShareSlice } from './shareSlice';
import type { UrlSlice } from './urlSlice';
import type { WhySlice } from './whySlice';

export type LabState = RunSlice & PlaybackSlice & SettingsSlice & LanguageSlice & UrlSlice & LessonSlice & ShareSlice & LibrarySlice & ProveSlice & WhySlice & CompareSlice & CrashSlice & LongRunSlice;
