"""Classes of WordNet senses: which parts of the hierarchy name things one can see.

A sense gets the class of its nearest listed ancestor (or itself); the lists name whole
branches of WordNet, never single words, so that the verdicts carry over to names nobody
tuned for. Codes (one character, shared with `src/lexicon/mod.rs`):

  v  visual thing                 p  person with a look (age, uniform, gear, activity)
  r  person role without a look   K  family relation (identifies people)
  P  a specific, named person     k  known word, no verdict
  F feeling  T time  Q quantity  J value judgement  L legal or economic construct
  S sound  M smell  G taste  H felt by touch  I idea  C message or speech act
  A abstract quality  R social status or relation  X not a visual property (adjectives)
"""

NONVISUAL = "FTQJLSMGHICARX"
PERSON_LIKE = "prKP"

# Branches of the noun hierarchy, nearest ancestor wins.
NOUN_ROOTS = {
    "physical_entity.n.01": "v",
    "economic_process.n.01": "L",
    "sound.n.04": "S",
    "abstraction.n.06": "k",
    "attribute.n.02": "A",
    "quality.n.01": "A",
    "trait.n.01": "A",
    "morality.n.01": "J",
    "worth.n.02": "J",
    "good.n.02": "J",
    "good.n.03": "J",
    "bad.n.01": "J",
    "state.n.02": "k",
    "feeling.n.01": "F",
    "status.n.01": "R",
    "freedom.n.01": "A",
    "condition.n.01": "k",
    "property.n.02": "k",
    "visual_property.n.01": "v",
    "spatial_property.n.01": "v",
    "sound_property.n.01": "S",
    "olfactory_property.n.01": "M",
    "taste_property.n.01": "G",
    "tactile_property.n.01": "v",
    "physical_property.n.01": "H",
    "consistency.n.01": "H",
    "measure.n.02": "Q",
    "amount.n.02": "Q",
    "magnitude_relation.n.01": "Q",
    "legal_right.n.01": "L",
    "obligation.n.02": "L",
    "lawfulness.n.01": "L",
    "unlawfulness.n.01": "L",
    "time_period.n.01": "T",
    "time_unit.n.01": "T",
    "time.n.05": "T",
    "medium_of_exchange.n.01": "v",
    "fund.n.01": "L",
    "psychological_feature.n.01": "k",
    "cognition.n.01": "I",
    "structure.n.03": "k",
    "perception.n.03": "k",
    "smell.n.01": "M",
    "taste.n.01": "G",
    "sound.n.02": "S",
    "sound.n.03": "S",
    "somesthesia.n.02": "H",
    "motivation.n.01": "I",
    "event.n.01": "k",
    "act.n.02": "k",
    "speech_act.n.01": "C",
    "proceeding.n.01": "L",
    "crime.n.01": "L",
    "transaction.n.01": "L",
    "commerce.n.01": "L",
    "sport.n.01": "v",
    "communication.n.02": "C",
    "auditory_communication.n.01": "S",
    "speech.n.02": "C",
    "visual_communication.n.01": "v",
    "written_communication.n.01": "k",
    "symbol.n.01": "k",
    "signal.n.01": "k",
    "visual_signal.n.01": "v",
    "sign.n.02": "v",
    "facial_expression.n.01": "v",
    "gesture.n.02": "v",
    "legal_document.n.01": "L",
    "group.n.01": "k",
    "relation.n.01": "k",
    "possession.n.02": "L",
    "social_relation.n.01": "R",
    "shape.n.02": "v",
}

# Lexicographer files that decide when no listed branch is nearer than a generic one.
LEX_DEFAULT = {
    "noun.time": "T", "noun.feeling": "F", "noun.quantity": "Q", "noun.possession": "L",
    "noun.motive": "I",
}

# Branches of person.n.01. `p`: a role or kind of person with a look of its own; `r`: a role
# defined by a relation, a status, money or the mind; `K`: a relative.
PERSON_ROOTS = {
    "person.n.01": "p",
    "relative.n.01": "K",
    "spouse.n.01": "K",
    "capitalist.n.02": "r",
    "owner.n.01": "r",
    "owner.n.02": "r",
    "acquirer.n.01": "r",
    "user.n.01": "r",
    "money_handler.n.01": "r",
    "fiduciary.n.01": "r",
    "party.n.05": "r",
    "applicant.n.01": "r",
    "enrollee.n.01": "r",
    "inhabitant.n.01": "r",
    "national.n.01": "r",
    "professional.n.01": "r",
    "health_professional.n.01": "p",
    "expert.n.01": "p",
    "scientist.n.01": "r",
    "intellectual.n.01": "r",
    "communicator.n.01": "r",
    "leader.n.01": "r",
    "adjudicator.n.01": "r",
    "official.n.01": "r",
    "official.n.02": "p",
    "employee.n.01": "p",
    "workman.n.01": "p",
    "skilled_worker.n.01": "p",
    "serviceman.n.01": "p",
    "attendant.n.01": "p",
    "servant.n.01": "p",
    "creator.n.02": "p",
    "artist.n.01": "p",
    "peer.n.01": "r",
    "friend.n.01": "r",
    "acquaintance.n.03": "r",
    "lover.n.01": "r",
    "adversary.n.01": "r",
    "follower.n.01": "r",
    "advocate.n.01": "r",
    "disputant.n.01": "r",
    "good_person.n.01": "r",
    "bad_person.n.01": "r",
    "unfortunate.n.01": "r",
    "unwelcome_person.n.01": "r",
    "planner.n.01": "r",
    "signer.n.02": "r",
    "testator.n.01": "r",
    "witness.n.01": "r",
    "witness.n.05": "r",
    "suspect.n.01": "r",
    "nonworker.n.01": "r",
    "debtor.n.01": "r",
    "creditor.n.01": "r",
    "religious_person.n.01": "r",
    "religious.n.01": "p",
    "clergyman.n.01": "p",
    "newlywed.n.01": "p",
    "participant.n.01": "p",
}

# Where a person branch is not decisive, what the role's words point at decides.
VERB_LOOK = {
    "verb.motion": 1, "verb.contact": 1, "verb.competition": 1, "verb.body": 1,
    "verb.weather": 1, "verb.consumption": 1,
    "verb.possession": -1, "verb.social": -1, "verb.communication": -1,
    "verb.cognition": -1, "verb.emotion": -1, "verb.stative": -1,
}
NOUN_LOOK = {
    "noun.artifact": 1, "noun.animal": 1, "noun.plant": 1, "noun.food": 1, "noun.body": 1,
    "noun.object": 1, "noun.substance": 1,
    "noun.possession": -1, "noun.cognition": -1, "noun.communication": -1,
}
NEUTRAL_ROLES = {"employee.n.01", "creator.n.02", "expert.n.01"}

# Verb lexicographer files as the class of a participle used as a modifier ("stolen").
VERB_CLASS = {
    "verb.possession": "L", "verb.social": "R", "verb.communication": "C",
    "verb.cognition": "I", "verb.emotion": "F",
    "verb.motion": "v", "verb.contact": "v", "verb.body": "v", "verb.weather": "v",
    "verb.change": "v", "verb.creation": "v", "verb.competition": "v",
    "verb.consumption": "v",
}
