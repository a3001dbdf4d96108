"""The trades textback knows by name: the onboarding wizard offers them, and the assistant words its
questions for them where the trade changes the natural wording (replies.ASK, by these keys).

Any other trade works too (the business's trade is free text): the assistant then asks the general
questions. To add one: a key and its label here, and, if it needs its own wording, an entry under
that key in replies.ASK for each language (tests/assistant/test_trades.py checks they match).
"""

TRADES = {
    "plumbing": "Plumbing",
    "hvac": "Heating & cooling (HVAC)",
    "electrical": "Electrical",
    "roofing": "Roofing",
    "landscaping": "Landscaping",
    "remodeling": "Remodeling",
    "handyman": "Handyman",
    "painting": "Painting",
    "cleaning": "Cleaning",
    "pest control": "Pest control",
    "garage doors": "Garage doors",
    "locksmith": "Locksmith",
    "appliance repair": "Appliance repair",
    "tree service": "Tree service",
    "gutters": "Gutters",
    "flooring": "Flooring",
    "fencing": "Fencing",
    "concrete": "Concrete",
    "pool": "Pool & spa",
    "septic": "Septic",
    "chimney": "Chimney",
    "windows": "Windows & doors",
}
