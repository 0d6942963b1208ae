/**
 * Held-out phrasing: how customers also say it, written as natural paraphrases per intent
 * (billing, delivery, technical, cancellation) before the routing keywords of the
 * customer-service template were rewritten, and never used to choose them. A share of the
 * generator's customer messages (HELD_OUT_SHARE) take their text from here instead of the
 * phrase bank, and carry `phrasing: 'heldOut'`, so that routing can be measured on text its
 * rules were not written against. Do not tune routing rules on these lines: add a new line
 * here rather than a keyword there.
 */
export const HELD_OUT_OPENING: readonly (readonly string[])[] = [
  [
    'Why did you take money from me twice this month?',
    'I see two identical transactions on my bank statement from you.',
    'You overcharged me on my last order.',
    'My credit card was debited but the order shows as not paid.',
    "I'm still waiting to get my money back for the returned item.",
    'The price I paid is not the price that was advertised.',
    'Can I get a receipt with my company name on it?',
    'There is a fee on my account I never agreed to.',
    'Please reimburse me for the item that never worked.',
    'My direct debit went out early and now my account is overdrawn.',
    'I need a VAT invoice for my purchase last week.',
    'The discount code was not applied and I paid full price.',
    'How much do I owe you for this quarter?',
    'You said I would be credited but my balance has not changed.',
  ],
  [
    "Where's my order? It was supposed to come on Monday.",
    "My shipment hasn't moved in five days.",
    'The box I got has somebody else’s things in it.',
    'The driver marked it as delivered but nothing was at my door.',
    'Can you send it to my office instead of my home?',
    'Half of my order is missing from the box.',
    'The delivery window you gave me came and went.',
    "I've been waiting two weeks for my package.",
    'The item came broken, the box was crushed.',
    'Can I pick up my order from a locker instead?',
    "The shipping status hasn't changed since Friday.",
    'My neighbour got my delivery by mistake.',
    'When will my order be dispatched?',
    'It says out for delivery since yesterday morning.',
  ],
  [
    "I can't sign in to my account anymore.",
    "The site won't load on my laptop.",
    'The checkout button does nothing when I click it.',
    'I never receive the verification code by text.',
    'My password reset email never arrives.',
    'The page freezes halfway through and I have to restart.',
    'Your mobile application closes as soon as I open it.',
    'I keep getting an error message when I try to upload a photo.',
    'The update broke something, now nothing loads.',
    'My account says it is locked after too many attempts.',
    'The website is really slow and times out.',
    'I get a blank white screen after logging in.',
    'Notifications stopped working on my phone.',
    'It keeps saying my session expired.',
  ],
  [
    "I'd like to end my subscription.",
    'Please stop my membership from renewing.',
    "I don't want to be a customer anymore, please remove me.",
    'How do I unsubscribe from the monthly plan?',
    'I want to quit the service before the next billing date.',
    'Please delete my account and everything you hold about me.',
    "I'm switching to another provider, what do I need to do?",
    "Don't renew my contract next month.",
    'I want out of this plan.',
    'Can I stop the service without paying a penalty?',
    'Please deactivate my profile.',
    "I'd like to opt out of the annual plan and leave.",
    "I'm leaving, please end everything today.",
    'Turn off auto-renewal and close it all down.',
  ],
];

export const HELD_OUT_FOLLOW_UP: readonly (readonly string[])[] = [
  [
    'The money still has not come back to my account.',
    'My bank says the transaction went through on your side.',
    'I was charged again today, that makes three times.',
    'Can you send me proof that the refund was processed?',
    'The amount on the receipt is still wrong.',
  ],
  [
    'The shipment is still stuck at the same place.',
    'No one has delivered anything yet.',
    'Can you tell me which carrier has my package?',
    'The box still has not arrived.',
    'The driver says he has no record of my address.',
  ],
  [
    'I tried on another phone and it still will not let me sign in.',
    'Same problem after restarting everything.',
    'The page still freezes at the same point.',
    'Still no verification code.',
    'I updated to the newest version and it is worse.',
  ],
  [
    'I have made up my mind, I want to leave.',
    'No offer will change it, just end the subscription.',
    'Please confirm my membership is stopped.',
    'I still want my account deleted.',
    "Please don't renew it, I'm serious.",
  ],
];

export const HELD_OUT_NUDGE: readonly (readonly string[])[] = [
  ['Any news on getting my money back?', 'Has the overcharge been fixed yet?'],
  ['Any news on my shipment?', 'Do you know yet where my package is?'],
  ['Can I sign in yet?', 'Any progress on the login problem?'],
  ['Has my subscription been stopped yet?', 'Is my account deleted now?'],
];
