/**
 * The words of sharing, saving and loading (the share panel, the picker's saved scenarios, and
 * the messages about links, files and the browser's storage), in English; the Korean are in
 * shareKo.ts. Values quoted from a link, a file or the storage are interpolated as text.
 */
export const shareEn = {
  heading: 'Share, save, load',
  link: {
    heading: 'Share this run',
    what: 'The link holds the scenario, your settings and faults, the seed and the step shown (step {{step}}). Anyone who opens it sees the same run at the same step.',
    copy: 'Copy link',
    copied: 'Link copied',
    refused: 'The browser did not let the page copy. Select the link and copy it yourself:',
    long: 'This link is long ({{kb}} kB) because it holds the whole scenario; some chat apps cut long links, so a file is safer.',
  },
  file: {
    heading: 'Scenario file',
    what: 'Open a scenario file (one exported below, or written by hand) to run it here; the command line runs it too:',
    command: 'npm run sim -- <file>.json',
    import: 'Import a file…',
    drop: 'or drop a .json file anywhere on the page.',
    dropHere: 'Drop the scenario file to run it',
  },
  library: {
    heading: 'My scenarios',
    what: 'Saved in this browser only: they stay after a reload, but not on another computer (use a link or a file for that).',
    name: 'Name',
    save: 'Save as my scenario',
    saved: 'Saved “{{name}}”.',
    empty: 'Nothing saved yet.',
    count: '{{count}} saved',
    open: 'Open',
    opened: 'shown',
    rename: 'Rename',
    renameTo: 'New name for “{{name}}”',
    confirmRename: 'Save name',
    cancel: 'Cancel',
    delete: 'Delete',
    deleteNamed: 'Delete “{{name}}”',
    deleted: 'Deleted “{{name}}”.',
    undo: 'Undo',
    savedAt: 'saved {{date}}',
    dismiss: 'Dismiss',
    names: {
      empty: 'Type a name.',
      'too-long': 'At most {{max}} characters.',
      control: 'A name is one line of text, without control characters.',
      taken: 'You already have a scenario with this name.',
    },
    problems: {
      'storage-unavailable': 'This browser does not let the page keep data (a private window, or storage blocked for this site), so scenarios cannot be saved here. Export the run to a file instead.',
      'storage-full': 'The browser’s storage for this site is full: nothing was saved. Delete a saved scenario, or export the run to a file instead.',
      corruptMoved: 'Your saved scenarios could not be read (the stored data is not a valid list). They were moved, untouched, to “{{key}}” in this site’s storage; new saves start a fresh list.',
      corruptKept: 'Your saved scenarios could not be read (the stored data is not a valid list), and there was no room to move them aside. They were left as they are, and saving is off so that nothing writes over them.',
      versionMoved: 'Your saved scenarios were stored by another version of the lab (format {{version}}). They were moved, untouched, to “{{key}}” in this site’s storage; new saves start a fresh list.',
      versionKept: 'Your saved scenarios were stored by another version of the lab (format {{version}}), and there was no room to move them aside. They were left as they are, and saving is off so that nothing writes over them.',
      droppedMoved: '{{count}} saved scenario(s) are no longer valid scenarios and were moved, untouched, to “{{key}}” in this site’s storage:',
      droppedKept: '{{count}} saved scenario(s) are no longer valid scenarios; there was no room to move them aside, so saving is off so that nothing writes over them:',
      'storage-missing': 'That saved scenario is not there any more (changed in another tab?): the list has been read again.',
    },
  },
  picker: {
    mine: 'My scenarios',
  },
  parts: {
    custom: 'the scenario in the link (custom=)',
    settings: 'the settings in the link (settings=)',
    faults: 'the faults in the link (faults=)',
  },
  partProblems: {
    'too-long': 'it is too long',
    encoding: 'it is not base64url-encoded UTF-8 text (was the link cut short?)',
    json: 'it is not valid JSON',
  },
  errors: {
    severalSources: 'The link names a scenario given as data and a preset or a scenario: the scenario given as data is used.',
    badLinkPart: 'Could not read {{part}}: {{problem}}. It was left out.',
    linkPartInvalid: '{{part}} could not be used, and was left out:',
    badStep: 'The step “{{value}}” is not valid: it must be a whole number from 0. The run is shown from its first step.',
    stepPastEnd: 'The link asks for step {{step}}, but this run ends at step {{last}}: its last step is shown.',
    badLesson: 'The link asks for narration “{{value}}” of a lesson, but {{why}}. The run is shown without the lesson.',
    lessonWhy: {
      number: 'that is not a narration number (1, 2, ...)',
      source: 'only a bundled scenario has a lesson',
      none: 'this scenario has no lesson',
    },
    runTooLarge: 'This scenario has {{messages}} messages; the page runs at most {{max}}. Run it with npm run sim instead.',
    longRunNoFaults: 'A long run keeps only its last steps, so a fault cannot be added on its stage. Add the fault to the scenario (its faults) and run it again.',
    fileTooLarge: 'The file “{{name}}” is {{size}} bytes; a scenario file may be at most {{max}} bytes.',
    fileUnreadable: 'The file “{{name}}” could not be read.',
    fileNotJson: 'The file “{{name}}” is not valid JSON: {{message}}',
    fileInvalid: 'The file “{{name}}” is not a scenario the lab can run:',
  },
};

export type ShareResources = typeof shareEn;
