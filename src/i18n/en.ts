/** English texts. Keys under `trace.` explain one trace event each (see describe.ts). */
export const en = {
  node: {
    producer: 'producer',
    broker: 'broker',
    consumer: 'consumer',
    sink: 'database',
  },
  lost: {
    'buffered-records': '{{count}} buffered record(s)',
    'inflight-requests': '{{count}} request(s) in flight',
    'producer-id': 'its producer id',
    position: 'its position',
    'polled-records': '{{count}} polled record(s) not yet processed',
    'parked-fetches': '{{count}} waiting fetch(es)',
    'pending-writes': '{{count}} pending write(s)',
    nothing: 'nothing',
  },
  trace: {
    net: {
      sent: '{{from}} sends {{kind}} #{{nth}} to {{to}} (arrives at {{deliverAt}} ms)',
      delivered: '{{kind}} arrives at {{to}}',
      dropped: {
        fault: '{{kind}} from {{from}} to {{to}} is lost on the network (fault)',
        cut: '{{kind}} from {{from}} to {{to}} is lost: the link is cut',
        random: '{{kind}} from {{from}} to {{to}} is lost on the network (random loss)',
        'node-down': '{{kind}} reaches {{to}}, which is down: nobody reads it',
      },
      delayed: '{{kind}} is delayed by {{byMs}} ms',
      duplicated: 'the network delivers {{kind}} twice',
    },
    node: {
      crashed: 'the {{node}} crashes; memory lost: {{lost}}',
      crashed_atPoint: 'the {{node}} crashes at the worst moment ({{point}}); memory lost: {{lost}}',
      restarted: 'the {{node}} restarts (incarnation {{incarnation}})',
    },
    link: {
      cut: 'the link between {{a}} and {{b}} is cut until {{untilMs}} ms',
      restored: 'the link between {{a}} and {{b}} works again',
    },
    config: {
      idempotenceDisabled: 'Kafka silently disables enable.idempotence: {{reason}}',
      deliveryTimeoutAdjusted: 'Kafka raises delivery.timeout.ms to linger.ms + request.timeout.ms = {{value}}',
    },
    producer: {
      send: 'the application calls send({{messageId}})',
      send_again: 'the application calls send({{messageId}}) again (send #{{sendNo}}): a new record, not a retry',
      deferred: 'the producer is down: {{messageId}} waits until it restarts',
      pidAssigned: 'the producer gets producer id {{producerId}}, epoch {{producerEpoch}}',
      request: 'the producer sends {{ids}} (attempt {{attempt}})',
      request_idempotent: 'the producer sends {{ids}} as PID {{producerId}}, epoch {{producerEpoch}}, sequence {{baseSequence}} (attempt {{attempt}})',
      acked: 'the producer learns {{ids}} is stored at offset {{baseOffset}}',
      acked_noAck: 'acks=0: the producer counts {{ids}} as sent without any answer (offset -1)',
      retry: 'no success for {{ids}} ({{error}}): retry after backoff (attempt {{attempt}} failed)',
      failed: 'send of {{ids}} fails for good ({{error}})',
      requestTimeout: 'no answer within request.timeout.ms: the producer drops the connection; {{inflight}} request(s) in flight will be retried',
      epochBumped: 'the producer bumps its epoch to {{producerEpoch}} and restarts sequences at 0',
      resendUnacked: 'after the restart the application sends again what was never acknowledged: {{ids}}',
      forgotUnacked: 'after the restart nobody remembers {{ids}}: they were only in memory',
    },
    broker: {
      appended: 'the broker appends {{ids}} at offset {{baseOffset}}–{{lastOffset}}',
      appended_idempotent: 'the broker checks PID {{producerId}} sequence {{baseSequence}}: in order, appended at offset {{baseOffset}}–{{lastOffset}}',
      duplicate: 'the broker recognises PID {{producerId}} sequence {{baseSequence}}–{{lastSequence}} as a duplicate: nothing appended, it answers with the original offset {{baseOffset}}',
      outOfOrderSequence: 'the broker rejects sequence {{baseSequence}} from PID {{producerId}}: it expected {{expected}} (OutOfOrderSequenceException)',
      invalidProducerEpoch: 'the broker rejects epoch {{producerEpoch}} of PID {{producerId}}: it knows epoch {{current}} (InvalidProducerEpochException)',
      producerIdAllocated: 'the broker allocates producer id {{producerId}}',
      producerExpired: 'the broker forgot PID {{producerId}}: idle longer than producer.id.expiration.ms',
      offsetCommitted: 'the broker stores the committed offset {{offset}}',
      groupJoined: 'the consumer joins the group: generation {{generation}} begins',
      commitRejected: 'the broker rejects a commit of offset {{offset}} from generation {{generation}}: the current generation is {{current}} (ILLEGAL_GENERATION)',
    },
    consumer: {
      joined: 'the consumer is in the group (generation {{generation}})',
      committedOffset: 'the consumer resumes from the committed offset {{offset}}',
      committedOffset_none: 'there is no committed offset yet',
      offsetReset: 'auto.offset.reset={{policy}}: the consumer starts at offset {{offset}}',
      offsetReset_none: 'auto.offset.reset=none and no committed offset: NoOffsetForPartitionException, the consumer stops',
      polled: 'poll() returns {{count}} record(s): {{ids}} (offsets {{first}}–{{last}}); position is now {{position}}',
      processing: 'the application processes {{messageId}} (offset {{offset}})',
      processed: '{{messageId}} is processed and written',
      sinkRetry: 'the database did not answer: the application writes {{messageId}} again',
      sinkSkipped: 'the database did not answer: the application moves on without {{messageId}}',
      commit: {
        commitSync: 'the application calls commitSync({{offset}}) and waits',
        commitAsync: 'the application calls commitAsync({{offset}}) and goes on',
        auto: 'poll() auto-commits offset {{offset}} (positions of earlier polls)',
      },
      committed: 'the commit of offset {{offset}} is confirmed',
      commitFailed: 'commitSync({{offset}}) gave up after default.api.timeout.ms',
    },
    sink: {
      applied: 'the database applies {{messageId}} (row {{row}})',
      duplicateSkipped: 'the database already has {{messageId}} in processed_ids: effect skipped',
    },
    run: {
      quiescent: 'the run is quiet: nothing more will happen',
      horizon: 'the run reached its time limit',
    },
  },
};

/** The shape every language provides. */
export type Resources = typeof en;
