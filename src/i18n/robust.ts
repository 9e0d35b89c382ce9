/**
 * The words of the crash screen and of the browser's storage, in English; the Korean are in
 * robustKo.ts. They come with the chunks that show them (addTexts: the crash screen's, and the
 * share panel's for the saved scenarios); the one message of bad input the first render needs (a
 * run too long, in the alert) is in lazyWords.ts. Values quoted from an error or the storage are
 * interpolated as text, never as markup.
 */
export const robustEn = {
  crash: {
    heading: 'The lab stopped with an error',
    what: 'Something in the lab failed {{when}}: “{{message}}”. This is a bug in the lab, not in your scenario. A bug report holds the scenario, the step, the error and your browser, so it can be replayed.',
    when: {
      render: 'while drawing the page',
      event: 'while doing what you asked',
      async: 'while loading',
      start: 'while starting',
    },
    offline: 'A part of the page could not be fetched (is the connection down?). Reloading the page fetches it again.',
    copy: 'Copy a bug report',
    copied: 'Bug report copied: paste it into an issue or an e-mail.',
    refused: 'The browser did not let the page copy. Select the report and copy it yourself:',
    download: 'Download the bug report',
    lastGood: 'Back to the last good run (step {{step}})',
    startOver: 'Start over (the at-least-once preset)',
    reload: 'Reload the page',
    report: 'The bug report',
    recovered: 'The lab is back on the last run that worked. What failed is in the bug report, if you copied it.',
    startedOver: 'The last run that worked could not be shown again either, so the lab started over.',
  },
  storage: {
    fullUnsaved: '“{{name}}” was not saved: the browser’s storage for this site is full. Download it as a file so that it is not lost, or delete a saved scenario and save again.',
    unavailableUnsaved: '“{{name}}” was not saved: this browser does not let the page keep data (a private window, or storage blocked for this site). Download it as a file so that it is not lost.',
    otherUnsaved: '“{{name}}” was not saved, for the reason above. Download it as a file so that it is not lost.',
    downloadUnsaved: 'Download “{{name}}”',
    newer: 'Your saved scenarios were stored by a newer version of the lab (format {{version}}), which this page cannot read. They are left as they are, and saving is off so that nothing writes over them. Open the newer version of the lab, or download them to keep a copy.',
    downloadSetAside: 'Download what was set aside',
    downloadKept: 'Download the stored data',
    setAside: 'Set them aside and start a new list',
  },
};

export type RobustResources = typeof robustEn;
